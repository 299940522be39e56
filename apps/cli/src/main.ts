import { createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { FixedClock, PolicyReactors } from '@app/application';
import { AppConfig, loadConfig } from '@app/config';
import {
  createEventStore,
  EventStore,
  LogTrust,
  verifyAll,
  verifyExport,
  verifyStream,
} from '@app/event-store';
import {
  Checkpoint,
  cosignCheckpoint,
  Cosigner,
  openCheckpoint,
  parseCosignatureVerifierKey,
  parseCosignerKey,
  parseVerifierKey,
  verifyConsistency,
} from '@app/ledger';
import { READ_MODEL_PROJECTIONS, rebuildReadModels } from '@app/read-models';
import { DemoModule } from './demo/demo.module';
import { seedDemo } from './demo/seed-demo';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  verify [--stream <name>]   check the hash chain of the whole log (or one stream); exit 1 if it fails
  rebuild                    build the read models afresh from the log in a new file beside the live one, then
                             point DATA_DIR at it; running API processes switch to it without stopping
  audit verify-export <file> [--key <verifier key or file>] [--witness-key <key or file>]... [--witnesses <n>]
                             check an export of GET /api/v1/audit/export offline (no server, no DATA_DIR): its
                             header, index continuity, global order, every stream's hash chain and the trailer's
                             count; with --key (GET /api/v1/ledger/key), the signed checkpoint it carries and the
                             Merkle root of the events at its size; with --witness-key (each witness's C2SP
                             verifier key), that at least --witnesses of them (default 1) co-signed that
                             checkpoint (tlog-cosignature), a bad cosignature by one of them failing it; names
                             the first failure (its ledger index); exit 0 if all holds, 1 if not
  witness --key <signer key file> --url <API base> [--state <file>]
                             co-sign the service's latest checkpoint as the network's witness (PUT
                             /networks/{id}/witness-key first), with the coordinator's token in CNS_TOKEN: only
                             once it is proved consistent with the last one co-signed, kept in the state file
                             (default ./witness-state.json); exit 0 when co-signed, 1 when refused (saying why)
  demo                       seed an empty DATA_DIR with demo data through the same commands as every door: the
                             seven Steering Group networks, their people, about forty practice items in every state
                             over six quarters, a carried and an open motion; writes demo people's tokens to
                             DATA_DIR/demo-tokens.json (0600); exit 2 if DATA_DIR is not empty

The event store is chosen as the API chooses it: EVENTSTORE_CONNECTION_STRING, or DATA_DIR/events.sqlite, which
must exist (exit 2 if it does not). \`audit verify-export\` and \`witness\` open no event store.`;

/** Commands that read a file rather than the event store: they need no DATA_DIR. */
const offlineCommands: Record<string, (args: string[]) => Promise<number>> = {
  async 'audit verify-export'(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          key: { type: 'string' },
          'witness-key': { type: 'string', multiple: true, default: [] },
          witnesses: { type: 'string' },
        },
        allowPositionals: true,
      });
    } catch {
      console.error(USAGE);
      return 2;
    }
    const [file, ...more] = parsed.positionals;
    if (!file || more.length > 0 || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      console.error(file && more.length === 0 ? `No such file: ${file}` : USAGE);
      return 2;
    }
    const { key, 'witness-key': witnessKeys, witnesses } = parsed.values;
    const wanted = witnesses === undefined ? undefined : Number(witnesses);
    if (
      (key === undefined && (witnessKeys.length > 0 || witnesses !== undefined)) ||
      (wanted !== undefined && (!/^[1-9]\d*$/.test(witnesses!) || wanted > witnessKeys.length))
    ) {
      console.error(
        '--witness-key and --witnesses need --key; --witnesses is a whole number from 1 to the witness keys given.',
      );
      return 2;
    }
    let trust: LogTrust;
    try {
      trust = {
        logKeys: key === undefined ? [] : [parseVerifierKey(keyText(key))],
        witnessKeys: witnessKeys.map((witness) => parseCosignatureVerifierKey(keyText(witness))),
        ...(wanted === undefined ? {} : { witnesses: wanted }),
      };
    } catch (error) {
      console.error(`Not a verifier key: ${(error as Error).message}`);
      return 2;
    }
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    const result = await verifyExport(lines, trust);
    lines.close();
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  },
};

/** A key given on the command line, or a file holding it (as GET /api/v1/ledger/key answers it). */
function keyText(keyOrFile: string): string {
  return existsSync(keyOrFile) ? readFileSync(keyOrFile, 'utf8').trim() : keyOrFile;
}

/** What a witness remembers of the last checkpoint it co-signed: every later one must extend it. */
interface WitnessState {
  origin: string;
  size: number;
  /** Base64, as in the checkpoint. */
  root: string;
}

/** Thrown for a checkpoint the witness must not co-sign; the message says why. */
class WitnessRefusal extends Error {}

/** Commands that talk to a running service over HTTP: they need no DATA_DIR either. */
const remoteCommands: Record<string, (args: string[]) => Promise<number>> = {
  async witness(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          key: { type: 'string' },
          url: { type: 'string' },
          state: { type: 'string', default: './witness-state.json' },
        },
      }));
    } catch {
      console.error(USAGE);
      return 2;
    }
    const token = process.env.CNS_TOKEN;
    if (!values.key || !values.url || !token) {
      console.error(token ? USAGE : "Set CNS_TOKEN to the network coordinator's access token.");
      return 2;
    }
    let cosigner: Cosigner;
    try {
      cosigner = parseCosignerKey(readFileSync(values.key, 'utf8').trim());
    } catch (error) {
      console.error(`Not a witness signer key: ${(error as Error).message}`);
      return 2;
    }
    const base = values.url.replace(/\/+$/, '');
    const api = base.endsWith('/api/v1') ? base : `${base}/api/v1`;
    try {
      const result = await cosignLatest(api, token, cosigner, values.state);
      console.log(JSON.stringify(result, null, 2));
      return 0;
    } catch (error) {
      if (!(error instanceof WitnessRefusal)) throw error;
      console.error(`Not co-signed: ${error.message}`);
      return 1;
    }
  },
};

/**
 * Co-signs the latest checkpoint after checking it with the log's key and proving it extends the last one this
 * witness co-signed: a witness that signs a fork would let the log show different histories to different readers.
 */
async function cosignLatest(api: string, token: string, cosigner: Cosigner, stateFile: string) {
  const get = async (path: string) => {
    const response = await fetch(`${api}${path}`);
    if (!response.ok) throw new WitnessRefusal(`GET ${path} answered ${response.status}`);
    return response;
  };
  const logKey = parseVerifierKey((await (await get('/ledger/key')).text()).trim());
  let opened;
  try {
    opened = openCheckpoint(await (await get('/ledger/checkpoint')).text(), [logKey]);
  } catch (error) {
    throw new WitnessRefusal(`the checkpoint does not open with the log's key: ${(error as Error).message}`);
  }
  const { checkpoint } = opened;
  const last = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as WitnessState)
    : undefined;
  const current: WitnessState = {
    origin: checkpoint.origin,
    size: checkpoint.size,
    root: checkpoint.root.toString('base64'),
  };
  if (last) {
    await extendsLast(get, last, checkpoint);
    if (last.size === checkpoint.size) return { ...current, cosigned: false, reason: 'already co-signed' };
  }
  const signatureLine = cosignCheckpoint(opened.note.text, cosigner);
  const response = await fetch(`${api}/ledger/checkpoints/${checkpoint.size}/cosignatures`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ signatureLine }),
  });
  if (response.status !== 201)
    throw new WitnessRefusal(
      `the service refused the cosignature (${response.status}): ${await response.text()}`,
    );
  writeFileSync(stateFile, `${JSON.stringify(current, null, 2)}\n`);
  return { ...current, cosigned: true, position: ((await response.json()) as { position: number }).position };
}

async function extendsLast(get: (path: string) => Promise<Response>, last: WitnessState, next: Checkpoint) {
  if (last.origin !== next.origin)
    throw new WitnessRefusal(`the checkpoint is of log ${next.origin}, not ${last.origin}`);
  if (next.size < last.size)
    throw new WitnessRefusal(`the tree shrank from ${last.size} to ${next.size} leaves`);
  const lastRoot = Buffer.from(last.root, 'base64');
  let proof: Buffer[] = [];
  if (next.size > last.size) {
    const answer = await get(`/ledger/proofs/consistency?from=${last.size}&to=${next.size}`);
    proof = ((await answer.json()) as { proof: string[] }).proof.map((hash) => Buffer.from(hash, 'base64'));
  }
  if (!verifyConsistency(last.size, next.size, proof, lastRoot, next.root))
    throw new WitnessRefusal(
      `the tree of ${next.size} leaves is not consistent with the one of ${last.size} co-signed before (a fork)`,
    );
}

/** Commands that write through the command bus, as the API does; they open the store themselves. */
const writingCommands: Record<string, (args: string[]) => Promise<number>> = {
  async demo(args) {
    if (args.length > 0) {
      console.error(USAGE);
      return 2;
    }
    // The demo's people have made-up addresses: their mail stays in DATA_DIR/outbox whatever SMTP_URL says.
    const config = { ...loadConfig(), smtpUrl: undefined };
    if (existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0) {
      console.error(`${config.dataDir} is not empty: the demo seeds an empty DATA_DIR only.`);
      return 2;
    }
    const now = new Date();
    const clock = new FixedClock(now);
    const app = await NestFactory.createApplicationContext(DemoModule.forRoot(config, clock), {
      logger: ['error', 'warn'],
    });
    try {
      const store = app.get(EventStore);
      const outcome = await seedDemo(app.get(CommandBus), store, clock, config, now);
      await policiesCaughtUp(app.get(PolicyReactors));
      console.log(
        `Demo data in ${config.dataDir}: 7 networks, ${outcome.practices} practice items, 2 motions, ${(await store.headPosition()) + 1n} events.\n` +
          `Sign in (page /sign-in, or Authorization: Bearer <token> on /api/v1) with a token from ${outcome.tokenFile} (mode 0600):`,
      );
      for (const person of outcome.tokens) console.log(`  ${person.name}: ${person.does} ${person.network}`);
      return 0;
    } finally {
      await app.close();
    }
  },
};

/** Until the policies have handled every event: a carried motion's decision is applied before the demo exits. */
async function policiesCaughtUp(policies: PolicyReactors): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const statuses = await Promise.all(policies.reactors.map((reactor) => reactor.status()));
    const failing = statuses.find((status) => status.state === 'failing');
    if (failing) throw new Error(`The ${failing.name} policy fails: ${failing.lastError}`);
    if (statuses.every((status) => status.lag === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The policies did not catch up with the demo within 30 s');
}

const commands: Record<string, (store: EventStore, args: string[], config: AppConfig) => Promise<number>> = {
  async verify(store, args) {
    const { values } = parseArgs({ args, options: { stream: { type: 'string' } } });
    const result = values.stream ? await verifyStream(store, values.stream) : await verifyAll(store);
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  },
  async rebuild(store, _args, config) {
    const rebuilt = await rebuildReadModels(store, config.dataDir, READ_MODEL_PROJECTIONS);
    const rate = Math.round(rebuilt.events / Math.max(rebuilt.seconds, 1e-3));
    console.log(
      JSON.stringify({ ...rebuilt, position: rebuilt.position.toString(), eventsPerSecond: rate }, null, 2),
    );
    return 0;
  },
};

async function main(argv: string[]): Promise<number> {
  const offline = offlineCommands[argv.slice(0, 2).join(' ')];
  if (offline) return offline(argv.slice(2));
  const [name, ...args] = argv;
  const remote = name ? remoteCommands[name] : undefined;
  if (remote) return remote(args);
  const writing = name ? writingCommands[name] : undefined;
  if (writing) return writing(args);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  // Opening the embedded store creates it: a mistyped DATA_DIR would verify an empty log as sound.
  const file = join(config.dataDir, 'events.sqlite');
  if (!config.eventStoreConnectionString && !existsSync(file)) {
    console.error(`No event store at ${file}: set DATA_DIR to the directory that holds events.sqlite.`);
    return 2;
  }
  const store = createEventStore(config);
  try {
    return await command(store, args, config);
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AppConfig, loadConfig } from '@app/config';
import { createEventStore, EventStore, verifyAll, verifyExport, verifyStream } from '@app/event-store';
import { parseVerifierKey } from '@app/ledger';
import { READ_MODEL_PROJECTIONS, rebuildReadModels } from '@app/read-models';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  verify [--stream <name>]   check the hash chain of the whole log (or one stream); exit 1 if it fails
  rebuild                    build the read models afresh from the log in a new file beside the live one, then
                             point DATA_DIR at it; running API processes switch to it without stopping
  audit verify-export <file> [--key <verifier key or file>]
                             check an export of GET /api/v1/audit/export offline (no server, no DATA_DIR): its
                             header, index continuity, global order, every stream's hash chain and the trailer's
                             count; with --key (GET /api/v1/ledger/key), the signed checkpoint it carries and the
                             Merkle root of the events at its size; names the first failure; exit 0 if all holds,
                             1 if not (--witness-key: not yet)

The event store is chosen as the API chooses it: EVENTSTORE_CONNECTION_STRING, or DATA_DIR/events.sqlite, which
must exist (exit 2 if it does not). \`audit verify-export\` opens no event store.`;

/** Commands that read a file rather than the event store: they need no DATA_DIR. */
const offlineCommands: Record<string, (args: string[]) => Promise<number>> = {
  async 'audit verify-export'(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, options: { key: { type: 'string' } }, allowPositionals: true });
    } catch {
      console.error(USAGE);
      return 2;
    }
    const [file, ...more] = parsed.positionals;
    if (!file || more.length > 0 || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      console.error(file && more.length === 0 ? `No such file: ${file}` : USAGE);
      return 2;
    }
    const verifiers = [];
    if (parsed.values.key !== undefined) {
      // The key itself, or a file holding it (as GET /api/v1/ledger/key answers it).
      const key = existsSync(parsed.values.key)
        ? readFileSync(parsed.values.key, 'utf8').trim()
        : parsed.values.key;
      try {
        verifiers.push(parseVerifierKey(key));
      } catch (error) {
        console.error(`Not a verifier key: ${(error as Error).message}`);
        return 2;
      }
    }
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    const result = await verifyExport(lines, verifiers);
    lines.close();
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  },
};

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

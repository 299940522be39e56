/**
 * Audit benchmark: `npm run bench:audit`. A log of 1,000,000 events (BENCH_EVENTS) appended with the store's own
 * append (hash chain and all, not over HTTP), with a signed checkpoint recorded in the `ledger` stream every 100,000
 * events and one at its head, as the service records them. Then, in this one process so the ratios hold on a noisy
 * machine, best of ROUNDS, each figure in events per second:
 * - raw `readAll` of the whole log in pages of 1,000 (the baseline);
 * - the audit export, `exportLog` (what GET /audit/export streams), written to a file;
 * - offline verification of that file, `verifyExport` read line by line as `audit verify-export --key` reads it;
 * - the store's log verified in place, `verifyLog` (what GET /audit/verify runs).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { exportLog, readAllInPages, verifyExport, verifyLog } from '../../libs/event-store/src';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import {
  generateSigner,
  MerkleTree,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
} from '../../libs/ledger/src';
import { figure } from './bench-support';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CHECKPOINT_EVERY = 100_000;
/** Events per append: a stream's events arrive a command's worth at a time. */
const PER_APPEND = 5;
const STREAMS = 20_000;

const dir = mkdtempSync(join(tmpdir(), 'cns-bench-audit-'));
const origin = 'bench.test';
const key = generateSigner(origin);
const signer = parseSignerKey(key.signerKey);
const trust = { logKeys: [parseVerifierKey(key.verifierKey)] };

/** An event like a practice submission's: ~0.6 kB of data and metadata. */
function event(stream: string, n: number) {
  return {
    id: randomUUID(),
    type: 'PracticeSubmitted',
    data: {
      practiceId: stream.slice('practice-'.length),
      version: n,
      title: `Winter service route optimisation ${n}`,
      summary: 'Gritting routes planned from road temperature forecasts. '.repeat(4),
      themes: ['winter-service', 'asset-management'],
      authorities: ['york'],
    },
    metadata: {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: { personId: randomUUID(), networkId: 'nht-network' },
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

async function build(store: SqliteEventStore): Promise<void> {
  const tree = new MerkleTree();
  const streams = Array.from({ length: STREAMS }, () => `practice-${randomUUID()}`);
  let written = 0;
  let appends = 0;
  let nextCheckpoint = CHECKPOINT_EVERY;
  const record = async () => {
    for (const recorded of await store.readAll({ fromPosition: BigInt(tree.size + 1), maxCount: -1 }))
      tree.append(Buffer.from(recorded.metadata.hash, 'hex'));
    const note = signCheckpoint({ origin, size: tree.size, root: tree.root() }, signer);
    await store.appendToStream('ledger', [
      {
        id: randomUUID(),
        type: 'CheckpointRecorded',
        data: { treeSize: tree.size, rootHash: tree.root().toString('base64'), note },
      },
    ]);
    written += 1;
  };
  while (written < EVENTS - 1) {
    // 64 appends at once, each to its own stream, as group commit takes them.
    await Promise.all(
      Array.from({ length: 64 }, (_, n) => {
        const stream = streams[(appends + n) % STREAMS];
        return store.appendToStream(
          stream,
          Array.from({ length: PER_APPEND }, (_, m) => event(stream, m)),
        );
      }),
    );
    written += 64 * PER_APPEND;
    appends += 64;
    if (written >= nextCheckpoint) {
      await record();
      nextCheckpoint += CHECKPOINT_EVERY;
    }
  }
  await record();
}

/** Events per second of `work`, which returns how many events it went through. */
async function rate(work: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const events = await work();
  return events / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const file = join(dir, 'export.ndjson');
  try {
    const buildStarted = performance.now();
    await build(store);
    const count = Number(await store.headPosition());
    console.log(
      `Audit benchmark: ${figure(count)} events in ${figure(STREAMS)} streams and the ledger's, built in ` +
        `${figure((performance.now() - buildStarted) / 1000)} s; best of ${ROUNDS} rounds, node ${process.version}\n`,
    );
    // The latest checkpoint the ledger recorded, as the export route finds it in the ledger tree.
    const checkpoints = (await store.readStream('ledger')).map(
      (recorded) => recorded.data as { note: string; treeSize: number },
    );
    const checkpointOf = (within: number) =>
      checkpoints.filter(({ treeSize }) => treeSize <= within).at(-1)?.note;

    const best = { read: 0, exported: 0, offline: 0, inPlace: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      best.read = Math.max(
        best.read,
        await rate(async () => {
          let events = 0;
          for await (const page of readAllInPages(store)) events += page.length;
          return events;
        }),
      );
      best.exported = Math.max(
        best.exported,
        await rate(async () => {
          const out = createWriteStream(file);
          let lines = 0;
          for await (const line of exportLog(store, new Date(), checkpointOf)) {
            if (!out.write(line)) await once(out, 'drain');
            lines += 1;
          }
          out.end();
          await once(out, 'finish');
          return lines - 3;
        }),
      );
      best.offline = Math.max(
        best.offline,
        await rate(async () => {
          const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
          const result = await verifyExport(lines, trust);
          if (!result.ok)
            throw new Error(`The export did not verify: ${JSON.stringify(result.firstFailure)}`);
          return result.eventsChecked;
        }),
      );
      best.inPlace = Math.max(
        best.inPlace,
        await rate(async () => {
          const result = await verifyLog(store, trust, checkpointOf);
          if (!result.ok) throw new Error(`The log did not verify: ${JSON.stringify(result.firstFailure)}`);
          return result.eventsChecked;
        }),
      );
    }
    const ratio = (value: number) => `${((value / best.read) * 100).toFixed(0)}% of raw read`;
    console.log(`raw readAll, pages of 1,000 (baseline)          ${figure(best.read)} events/s`);
    console.log(
      `export (GET /audit/export's lines, to a file)    ${figure(best.exported)} events/s (${ratio(best.exported)}; ` +
        `${figure(statSync(file).size / 2 ** 20)} MiB)`,
    );
    console.log(
      `offline verification (verify-export --key)      ${figure(best.offline)} events/s (${ratio(best.offline)})`,
    );
    console.log(
      `in-place verification (GET /audit/verify)       ${figure(best.inPlace)} events/s (${ratio(best.inPlace)})`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

/**
 * Event store benchmark: `npm run bench:store`. Appends (one event per append, synchronous=FULL) at 1, 16 and 64
 * concurrent appenders beside raw better-sqlite3 with one insert per transaction, and readAll beside a raw SELECT
 * with JSON.parse, all in this one process so the ratios hold on a noisy machine.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const READ_EVENTS = Number(process.env.BENCH_READ_EVENTS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'cns-bench-'));
let files = 0;
const freshFile = () => join(dir, `bench-${files++}.sqlite`);

const data = {
  title: 'Winter service route optimisation',
  summary: 'x'.repeat(200),
  themes: ['winter-service'],
};
const metadata = { correlationId: randomUUID(), actor: { personId: randomUUID(), networkId: 'nht-network' } };

/** Runs `work` in `concurrency` loops for SECONDS; returns operations per second. */
async function rate(concurrency: number, work: (loop: number) => Promise<void> | void): Promise<number> {
  let done = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      while (performance.now() < deadline) {
        await work(loop);
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/**
 * The same table as the store, written the plain way: `perTransaction` INSERTs per transaction. With 1 it is the
 * baseline (one fsync per event); with 64 it is the most that grouping 64 appends could give on this disk.
 */
function rawInserts(perTransaction: number): number {
  const store = new SqliteEventStore(freshFile());
  const db = new Database(store.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare(
    'INSERT INTO events (stream, revision, id, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertMany = db.transaction((from: number) => {
    for (let n = from; n < from + perTransaction; n++) {
      insert.run(
        'raw',
        n,
        randomUUID(),
        'PracticeSubmitted',
        JSON.stringify(data),
        JSON.stringify(metadata),
        Date.now(),
      );
    }
  });
  let n = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  while (performance.now() < deadline) {
    insertMany(n);
    n += perTransaction;
  }
  const perSecond = n / ((performance.now() - started) / 1000);
  db.close();
  void store.close();
  return perSecond;
}

async function storeAppends(concurrency: number): Promise<{ perSecond: number; perTransaction: number }> {
  const store = new SqliteEventStore(freshFile());
  const revisions = new Array<bigint | 'no_stream'>(concurrency).fill('no_stream');
  const before = store.transactionsCommitted;
  let appended = 0;
  const perSecond = await rate(concurrency, async (loop) => {
    const result = await store.appendToStream(
      `practice-${loop}`,
      [{ id: randomUUID(), type: 'PracticeSubmitted', data, metadata }],
      {
        expectedRevision: revisions[loop],
      },
    );
    revisions[loop] = result.nextExpectedRevision;
    appended += 1;
  });
  const perTransaction = appended / (store.transactionsCommitted - before);
  await store.close();
  return { perSecond, perTransaction };
}

async function readThroughput(): Promise<{ store: number; raw: number }> {
  const store = new SqliteEventStore(freshFile());
  for (let written = 0; written < READ_EVENTS; written += 1000) {
    await Promise.all(
      Array.from({ length: 1000 }, (_, n) =>
        store.appendToStream(`practice-${(written + n) % 5000}`, [
          { id: randomUUID(), type: 'PracticeSubmitted', data, metadata },
        ]),
      ),
    );
  }
  const db = new Database(store.file, { readonly: true });
  // The plainest fast read: rows as arrays, both JSON columns parsed.
  const select = db
    .prepare(
      'SELECT position, stream, revision, id, type, data, metadata, created_at FROM events WHERE position >= ? ORDER BY position LIMIT 1000',
    )
    .raw(true);

  const timed = async (read: () => Promise<number>) => {
    let events = 0;
    const started = performance.now();
    while (performance.now() - started < SECONDS * 1000) events += await read();
    return events / ((performance.now() - started) / 1000);
  };
  const raw = await timed(async () => {
    let count = 0;
    for (let from = 0; ;) {
      const rows = select.all(from) as Array<
        [number, string, number, string, string, string, string, number]
      >;
      for (const row of rows) {
        JSON.parse(row[5]);
        JSON.parse(row[6]);
      }
      count += rows.length;
      if (rows.length < 1000) return count;
      from = rows[rows.length - 1][0] + 1;
    }
  });
  const ours = await timed(async () => {
    let count = 0;
    for (let from = 0n; ;) {
      const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
      count += page.length;
      if (page.length < 1000) return count;
      from = page[page.length - 1].position + 1n;
    }
  });
  db.close();
  await store.close();
  return { store: ours, raw };
}

const format = (n: number) => Math.round(n).toLocaleString('en-GB');

async function main() {
  console.log(`Event store benchmark: ${SECONDS} s per figure, synchronous=FULL, node ${process.version}\n`);
  const baseline = rawInserts(1);
  console.log(
    `append  raw better-sqlite3, 1 insert per transaction     ${format(baseline).padStart(9)} events/s  (baseline)`,
  );
  const grouped = rawInserts(64);
  console.log(
    `append  raw better-sqlite3, 64 inserts per transaction    ${format(grouped).padStart(9)} events/s  ` +
      `${(grouped / baseline).toFixed(2)}x baseline (the ceiling for 64 appenders)`,
  );
  for (const concurrency of [1, 16, 64]) {
    const { perSecond, perTransaction } = await storeAppends(concurrency);
    console.log(
      `append  SqliteEventStore, ${String(concurrency).padStart(2)} concurrent appenders        ${format(perSecond).padStart(9)} events/s  ` +
        `${(perSecond / baseline).toFixed(2)}x baseline, ${perTransaction.toFixed(1)} appends per transaction`,
    );
  }
  const read = await readThroughput();
  console.log(
    `\nread    raw SELECT + JSON.parse, pages of 1,000          ${format(read.raw).padStart(9)} events/s  (baseline, ${format(READ_EVENTS)} events)`,
  );
  console.log(
    `read    SqliteEventStore.readAll, pages of 1,000         ${format(read.store).padStart(9)} events/s  ${((100 * read.store) / read.raw).toFixed(0)}% of baseline`,
  );
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Event store benchmark: `npm run bench:store`. Appends (one event per append, synchronous=FULL) at 1, 16 and 64
 * concurrent appenders beside raw better-sqlite3 with one insert per transaction, and readAll beside a raw SELECT
 * with JSON.parse, all in this one process so the ratios hold on a noisy machine. The two figures with targets
 * (issue 13: 64 appenders at least 5x the baseline, readAll at least 70% of the raw read) are measured in rounds,
 * each beside its own baseline, and summed up as the median and the worst round.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import { figure, percentile } from './bench-support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const READ_EVENTS = Number(process.env.BENCH_READ_EVENTS ?? 100_000);
/** Rounds of (baseline, 64 appenders); passes of (raw read, readAll) over the whole log. */
const APPEND_ROUNDS = Number(process.env.BENCH_APPEND_ROUNDS ?? 3);
const READ_PASSES = Number(process.env.BENCH_READ_PASSES ?? 7);
const APPEND_TARGET = 5;
const READ_TARGET = 0.7;
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
 * The same table as the store, written the plain way: `perTransaction` INSERTs per transaction, round-robin over
 * `streams` streams. With 1 it is the baseline (one fsync per event); with 64 into one stream it is the most that
 * grouping 64 appends could give on this disk; into 64 streams, what is left once each commit also carries the
 * (stream, revision) index pages of 64 streams, as the store's commits do.
 */
function rawInserts(perTransaction: number, streams = 1): number {
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
        `raw-${n % streams}`,
        Math.floor(n / streams),
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

interface AppendFigures {
  perSecond: number;
  perTransaction: number;
  /** The event loop's delay while appending, in ms: how long a request arriving meanwhile would wait. */
  loopDelay: { p50: number; p99: number };
}

async function storeAppends(concurrency: number): Promise<AppendFigures> {
  const store = new SqliteEventStore(freshFile());
  const revisions = new Array<bigint | 'no_stream'>(concurrency).fill('no_stream');
  const before = store.transactionsCommitted;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
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
  delay.disable();
  const perTransaction = appended / (store.transactionsCommitted - before);
  await store.close();
  const ms = (nanoseconds: number) => nanoseconds / 1e6;
  return {
    perSecond,
    perTransaction,
    loopDelay: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)) },
  };
}

/** Events per second, by the clock and by processor time. */
interface Rates {
  wall: number;
  cpu: number;
}

/** Events per second of each pass over the whole log, raw and through readAll. */
async function readThroughput(): Promise<{ raw: Rates[]; store: Rates[] }> {
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

  const rawPage = (from: number) => {
    const rows = select.all(from) as Array<[number, string, number, string, string, string, string, number]>;
    for (const row of rows) {
      JSON.parse(row[5]);
      JSON.parse(row[6]);
    }
    return rows.length;
  };
  const storePage = async (from: number) =>
    (await store.readAll({ fromPosition: BigInt(from), maxCount: 1000 })).length;

  /**
   * One pass over the log, each page read both ways one right after the other (which goes first alternating), so a
   * burst of other work on the machine falls on both alike; events per second of each way, by the clock and by this
   * process's processor time (which other processes' work does not add to, though it still slows caches).
   */
  const pass = async (): Promise<{ raw: Rates; store: Rates }> => {
    const spent = { raw: { time: 0, cpu: 0 }, store: { time: 0, cpu: 0 } };
    let events = 0;
    for (let from = 1, page = 0; ; from += 1000, page++) {
      const timed = async (way: 'raw' | 'store') => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        const count = await (way === 'raw' ? rawPage(from) : storePage(from));
        const { user, system } = process.cpuUsage(cpu);
        spent[way].time += performance.now() - started;
        spent[way].cpu += (user + system) / 1000;
        return count;
      };
      const [first, second] = page % 2 === 0 ? (['raw', 'store'] as const) : (['store', 'raw'] as const);
      const count = await timed(first);
      await timed(second);
      events += count;
      if (count < 1000) break;
    }
    const rates = ({ time, cpu }: { time: number; cpu: number }) => ({
      wall: events / (time / 1000),
      cpu: events / (cpu / 1000),
    });
    return { raw: rates(spent.raw), store: rates(spent.store) };
  };
  const raw: Rates[] = [];
  const ours: Rates[] = [];
  await pass(); // warms the caches for both
  for (let n = 0; n < READ_PASSES; n++) {
    const { raw: rawRates, store: storeRates } = await pass();
    raw.push(rawRates);
    ours.push(storeRates);
  }
  db.close();
  await store.close();
  return { raw, store: ours };
}

const format = (n: number) => figure(n).padStart(9);
const times = (ratio: number) => `${ratio.toFixed(2)}x`;
const percent = (ratio: number) => `${(100 * ratio).toFixed(0)}%`;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
function median(values: number[]): number {
  const [lower, upper] = [
    percentile(sorted(values), 0.5),
    percentile(sorted(values), 0.5 + 1 / values.length),
  ];
  return values.length % 2 === 1 ? lower : (lower + upper) / 2;
}
const verdict = (worst: number, target: number) => (worst >= target ? 'MET' : 'NOT MET');

async function main() {
  console.log(`Event store benchmark: ${SECONDS} s per figure, synchronous=FULL, node ${process.version}\n`);
  const ratios: number[] = [];
  const baselines: number[] = [];
  for (let round = 1; round <= APPEND_ROUNDS; round++) {
    const baseline = rawInserts(1);
    const ceiling = rawInserts(64);
    const spread = rawInserts(64, 64);
    const { perSecond, perTransaction, loopDelay } = await storeAppends(64);
    baselines.push(baseline);
    ratios.push(perSecond / baseline);
    console.log(
      `append  round ${round}: raw better-sqlite3, 1 insert per transaction ${format(baseline)} events/s (baseline)\n` +
        `        raw better-sqlite3, 64 inserts per transaction  ${format(ceiling)} events/s  ` +
        `${times(ceiling / baseline)} (the ceiling for 64 appenders: one stream, no hashing)\n` +
        `        raw better-sqlite3, 64 per transaction, 64 streams ${format(spread)} events/s  ` +
        `${times(spread / baseline)} (64 streams' index pages in each commit, no hashing)\n` +
        `        SqliteEventStore, 64 concurrent appenders       ${format(perSecond)} events/s  ` +
        `${times(perSecond / baseline)} baseline, ${percent(perSecond / ceiling)} of the ceiling, ` +
        `${perTransaction.toFixed(1)} appends per transaction; event loop delay meanwhile ` +
        `p50 ${loopDelay.p50.toFixed(1)} ms, p99 ${loopDelay.p99.toFixed(1)} ms`,
    );
  }
  const worstAppend = sorted(ratios)[0];
  console.log(
    `\nTARGET  64 concurrent appenders >= ${APPEND_TARGET}x the baseline: median ${times(median(ratios))}, ` +
      `worst ${times(worstAppend)} of ${APPEND_ROUNDS} rounds: ${verdict(worstAppend, APPEND_TARGET)}\n`,
  );
  for (const concurrency of [1, 16]) {
    const { perSecond, perTransaction } = await storeAppends(concurrency);
    console.log(
      `append  SqliteEventStore, ${String(concurrency).padStart(2)} concurrent appenders ${format(perSecond)} events/s  ` +
        `${times(perSecond / median(baselines))} the rounds' median baseline, ${perTransaction.toFixed(1)} appends per transaction`,
    );
  }
  console.log();

  const read = await readThroughput();
  const readRatios = read.store.map((ours, pass) => ours.wall / read.raw[pass].wall);
  const cpuRatios = read.store.map((ours, pass) => ours.cpu / read.raw[pass].cpu);
  read.raw.forEach((raw, pass) =>
    console.log(
      `read    pass ${pass + 1}: raw SELECT + JSON.parse ${format(raw.wall)} events/s, SqliteEventStore.readAll ` +
        `${format(read.store[pass].wall)} events/s  ${percent(readRatios[pass])} of raw, ` +
        `${percent(cpuRatios[pass])} by processor time (pages of 1,000, each read both ways in turn; ${figure(READ_EVENTS)} events)`,
    ),
  );
  const worstRead = sorted(readRatios)[0];
  console.log(
    `\nTARGET  readAll >= ${percent(READ_TARGET)} of the raw read: median ${percent(median(readRatios))}, ` +
      `worst ${percent(worstRead)} of ${READ_PASSES} passes (raw median ${figure(median(read.raw.map((r) => r.wall)))} events/s, ` +
      `readAll median ${figure(median(read.store.map((r) => r.wall)))} events/s): ${verdict(worstRead, READ_TARGET)}; ` +
      `by processor time median ${percent(median(cpuRatios))}, worst ${percent(sorted(cpuRatios)[0])}`,
  );
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

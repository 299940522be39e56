/**
 * Search benchmark: `npm run bench:read`. On a log of 100,000 published items (`BENCH_ITEMS`; see
 * `catalogue-log.ts`), with its read models rebuilt: catalogue searches over HTTP against the built API (latency
 * p50/p95 from one client, and requests per second from 32), beside the same ranked FTS5 query run raw on the same
 * read-model file in this process; and the API's resident memory (`/proc`) under the 32 clients' searches (issue 13,
 * target 5). The API is measured once it has caught up with the log (`/health`), so that searches are measured
 * alone. `BENCH_PORT` moves the API from port 39093.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Reactor } from '@app/application';
import { EventStore, SqliteEventStore } from '@app/event-store';
import { currentReadModelFile, READ_MODEL_PROJECTIONS, rebuildReadModels } from '@app/read-models';
import { buildApi, figure, load, percentile, startBuiltApi, stop } from './bench-support';
import { catalogueLog, searchQueries } from './catalogue-log';
import { mib, sampleResidentMemory } from './memory-sampler';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SAMPLES = 300;
const PORT = Number(process.env.BENCH_PORT ?? 39093);

async function main() {
  buildApi();
  const dataDir = await catalogueLog(ITEMS, PORT);
  try {
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    await rebuildReadModels(store, dataDir, READ_MODEL_PROJECTIONS);
    await historyAlreadyNotified(store, dataDir);
    await store.close();

    // Searches: raw FTS5 on the read-model file, then over HTTP.
    const queries = searchQueries(SAMPLES);
    const db = new Database(currentReadModelFile(dataDir), { readonly: true });
    const raw = db.prepare(
      `SELECT i.practice_id, i.title, snippet(catalogue_search, 2, '<b>', '</b>', '…', 16) AS snippet
         FROM catalogue_search JOIN catalogue_items i ON i.id = catalogue_search.rowid
        WHERE catalogue_search MATCH ? ORDER BY bm25(catalogue_search, 10.0, 4.0, 1.0, 2.0) LIMIT 20`,
    );
    const rawMatch = (q: string) =>
      q
        .split(' ')
        .map((word) => `"${word}"*`)
        .join(' ');
    const rawTimes = queries.map((q) => {
      const start = performance.now();
      raw.all(rawMatch(q));
      return performance.now() - start;
    });
    let rawDone = 0;
    const rawBegun = performance.now();
    while (performance.now() - rawBegun < SECONDS * 1000)
      raw.all(rawMatch(queries[rawDone++ % queries.length]));
    const rawRate = rawDone / ((performance.now() - rawBegun) / 1000);
    db.close();

    const api = await startBuiltApi(PORT, { DATA_DIR: dataDir });
    try {
      const caughtUpIn = await caughtUp(PORT);
      const url = (q: string) => `http://127.0.0.1:${PORT}/api/v1/catalogue?q=${encodeURIComponent(q)}`;
      // The API keeps result pages while the catalogue does not change: a query's first search is the cold one.
      const httpTimes: number[] = [];
      const coldTimes: number[] = [];
      const seen = new Set<string>();
      for (const q of queries) {
        const start = performance.now();
        const response = await fetch(url(q));
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET /catalogue answered ${response.status}`);
        httpTimes.push(performance.now() - start);
        if (!seen.has(q)) coldTimes.push(performance.now() - start);
        seen.add(q);
      }
      let served = 0;
      const memory = sampleResidentMemory(api.pid!);
      const httpRate = await load(() => fetch(url(queries[served++ % queries.length])), 200, {
        clients: 32,
        seconds: SECONDS,
      });
      const resident = memory.stop();

      const ms = (times: number[], p: number) =>
        percentile(
          [...times].sort((x, y) => x - y),
          p,
        ).toFixed(1);
      console.log(`\nSearch benchmark: ${figure(ITEMS)} published items, node ${process.version}`);
      console.log(
        `The API caught up with the log in ${(caughtUpIn / 1000).toFixed(0)} s; load average ` +
          `${loadavg()
            .map((load) => load.toFixed(2))
            .join(' ')}\n`,
      );
      console.log(
        `raw FTS5 ranked query (baseline)               p50 ${ms(rawTimes, 0.5)} ms  p95 ${ms(rawTimes, 0.95)} ms  ` +
          `${figure(rawRate)} queries/s (one thread)`,
      );
      console.log(
        `GET /api/v1/catalogue?q= over HTTP              p50 ${ms(httpTimes, 0.5)} ms  p95 ${ms(httpTimes, 0.95)} ms  ` +
          `${figure(httpRate)} requests/s (32 clients)`,
      );
      console.log(
        `  of which first searches for a query (${coldTimes.length}) p50 ${ms(coldTimes, 0.5)} ms  ` +
          `p95 ${ms(coldTimes, 0.95)} ms`,
      );
      const loadAverage = loadavg().map((average) => average.toFixed(1));
      console.log(
        `API resident memory (VmRSS) under the 32 clients    peak ${mib(resident.peak)}  steady ${mib(resident.steady)}  ` +
          `(most since it started ${mib(resident.highWater)}; load average ${loadAverage.join(' ')})`,
      );
    } finally {
      await stop(api);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The job sources (a reactor each) marked as having reacted to the whole log, as in a service that has run for
 * years: the generated history would otherwise have the API queue and send a mail for each of its 100,000 items'
 * events (about 20 a second here, for hours) while its searches are measured.
 */
async function historyAlreadyNotified(store: EventStore, dataDir: string): Promise<void> {
  const head = await store.headPosition();
  await Promise.all(
    ['notices', 'webhook-deliveries'].map(async (name) => {
      const reactor = new Reactor(store, join(dataDir, 'reactors.sqlite'), name, async () => {}, {
        batchSize: 5_000,
      });
      reactor.start();
      while ((reactor.position ?? -1n) < head) await new Promise((resolve) => setTimeout(resolve, 100));
      await reactor.close();
    }),
  );
}

/**
 * Waits until `/health` shows every reactor and runner at the log's head (the log verifier and the ledger tree
 * work through the whole log at start) and no job waiting or running; returns how long that took, in ms.
 */
async function caughtUp(port: number): Promise<number> {
  const begun = performance.now();
  for (;;) {
    // A busy API may drop a kept-alive connection as it is reused: that answer is only asked again.
    const health = (await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.json(),
      () => undefined,
    )) as
      | {
          details: {
            consumers: { consumers: Array<{ lag: number }> };
            jobs: { queues: Record<string, { waiting: number; active: number; delayed: number }> };
          };
        }
      | undefined;
    const lagging = health?.details.consumers.consumers.some(({ lag }) => lag > 0);
    const busy = Object.values(health?.details.jobs.queues ?? {}).some(
      ({ waiting, active, delayed }) => waiting + active + delayed > 0,
    );
    if (health && !lagging && !busy) return performance.now() - begun;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Rebuild benchmark: `npm run bench:rebuild`. On a log of 100,000 published items (`BENCH_ITEMS`; see
 * `catalogue-log.ts`): the rebuild of every read model from the log (`rebuildReadModels`, as
 * `npm run cli -- rebuild` does it), in events per second, beside a raw `readAll` of the same log in pages of 1,000
 * in the same process, read once before the rebuild and once after: on a shared machine the two can differ a lot,
 * so the ratio is to their mean. Processor time per event is printed too, as other work on the machine moves it
 * less than it moves elapsed time.
 *
 * Then the floor under any rebuild into these views: the rebuilt file's rows written once each into a fresh file,
 * one prepared statement a row, as `buildInBulk` builds it (the full-text index, the secondary indexes, the
 * commit), with no event read or applied. What the rebuild spends above it, the log's read aside, is the events'
 * application: lookups, updates, rows written and replaced.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import Database from 'better-sqlite3';
import { buildInBulk, READ_MODEL_PROJECTIONS, rebuildReadModels } from '@app/read-models';
import { freePort } from '../support/built-process';
import { buildApi, figure } from './bench-support';
import { catalogueLog } from './catalogue-log';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);

/** Events per second, and microseconds of this process's processor time per event, of `work`. */
async function timed(work: () => Promise<number>): Promise<{ events: number; rate: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const began = performance.now();
  const events = await work();
  const { user, system } = process.cpuUsage(cpu);
  return {
    events,
    rate: events / ((performance.now() - began) / 1000),
    cpu: (user + system) / events,
  };
}

async function readAll(store: SqliteEventStore): Promise<number> {
  let read = 0;
  for (let from: bigint | undefined; ;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
    read += page.length;
    if (page.length < 1000) return read;
    from = page[page.length - 1].position + 1n;
  }
}

/** Writes every row of `from`'s views into a fresh read-model `file`, one statement a row; returns the rows. */
async function rowsWrittenOnce(from: string, file: string): Promise<number> {
  const source = new Database(from, { readonly: true });
  let rows = 0;
  try {
    await buildInBulk(file, READ_MODEL_PROJECTIONS, async (db) => {
      const tables = (db.pragma('table_list') as Array<{ name: string; type: string }>).filter(
        // FTS5's own tables are made by its bulk build; `built_by` is the file's, written when it was opened.
        ({ name, type }) => type === 'table' && !name.startsWith('sqlite_') && name !== 'built_by',
      );
      for (const { name } of tables) {
        const read = source.prepare(`SELECT * FROM "${name}"`).raw(true);
        let insert: Database.Statement | undefined;
        for (const row of read.iterate() as Iterable<unknown[]>) {
          insert ??= db.prepare(`INSERT INTO "${name}" VALUES (${row.map(() => '?').join(', ')})`);
          insert.run(row);
          rows += 1;
        }
      }
    });
  } finally {
    source.close();
  }
  return rows;
}

async function main() {
  buildApi();
  const dataDir = await catalogueLog(ITEMS, await freePort());
  try {
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const before = await timed(() => readAll(store));
    let file = '';
    const rebuilt = await timed(async () => {
      const done = await rebuildReadModels(store, dataDir, READ_MODEL_PROJECTIONS);
      file = done.file;
      return done.events;
    });
    const after = await timed(() => readAll(store));
    await store.close();
    let rows = 0;
    const floor = await timed(async () => {
      rows = await rowsWrittenOnce(file, join(dataDir, 'rows-written-once.sqlite'));
      return rebuilt.events;
    });

    const baseline = { rate: (before.rate + after.rate) / 2, cpu: (before.cpu + after.cpu) / 2 };
    const line = (label: string, { rate, cpu }: { rate: number; cpu: number }) =>
      `${label.padEnd(36)}${figure(rate).padStart(9)} events/s  ${cpu.toFixed(1).padStart(5)} µs of processor per event`;
    console.log(
      `\nRebuild benchmark: ${figure(ITEMS)} published items, ${figure(before.events)} events, node ${process.version}\n`,
    );
    console.log(line('raw readAll before the rebuild', before));
    console.log(line('raw readAll after the rebuild', after));
    const ratios = (label: string, { rate, cpu }: { rate: number; cpu: number }) =>
      `${label}: ${((100 * rate) / baseline.rate).toFixed(0)}% of the readAll rate (their mean), ` +
      `${((100 * baseline.cpu) / cpu).toFixed(0)}% by processor time per event`;
    console.log(`${line('rebuild of every read model', rebuilt)}\n${ratios('rebuild', rebuilt)}`);
    console.log(
      `\nFloor: the views' ${figure(rows)} rows written once, one statement each, then the full-text index, the\n` +
        `secondary indexes and the commit, no event read (per event of the log, to compare)\n` +
        `${line('rows written once', floor)}\n${ratios('floor', floor)}; ` +
        `with the log's read added, ${((100 * baseline.cpu) / (floor.cpu + baseline.cpu)).toFixed(0)}% by processor time`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

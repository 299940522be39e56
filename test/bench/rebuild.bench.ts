/**
 * Rebuild benchmark: `npm run bench:rebuild`. On a log of 100,000 published items (`BENCH_ITEMS`; see
 * `catalogue-log.ts`): the rebuild of every read model from the log (`rebuildReadModels`, as
 * `npm run cli -- rebuild` does it), in events per second, beside a raw `readAll` of the same log in pages of 1,000
 * in the same process.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { READ_MODEL_PROJECTIONS, rebuildReadModels } from '@app/read-models';
import { freePort } from '../support/built-process';
import { buildApi, figure } from './bench-support';
import { catalogueLog } from './catalogue-log';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);

async function main() {
  buildApi();
  const dataDir = await catalogueLog(ITEMS, await freePort());
  try {
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    let read = 0;
    const reading = performance.now();
    for (let from: bigint | undefined; ;) {
      const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
      read += page.length;
      if (page.length < 1000) break;
      from = page[page.length - 1].position + 1n;
    }
    const readRate = read / ((performance.now() - reading) / 1000);
    const rebuilt = await rebuildReadModels(store, dataDir, READ_MODEL_PROJECTIONS);
    const rebuildRate = rebuilt.events / rebuilt.seconds;
    await store.close();

    console.log(
      `\nRebuild benchmark: ${figure(ITEMS)} published items, ${figure(read)} events, node ${process.version}\n`,
    );
    console.log(`raw readAll of the log (baseline)   ${figure(readRate).padStart(9)} events/s`);
    console.log(
      `rebuild of every read model         ${figure(rebuildRate).padStart(9)} events/s  ` +
        `${((100 * rebuildRate) / readRate).toFixed(0)}% of baseline`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Pages benchmark: `npm run bench:pages`. The catalogue search page and an item page over HTTP, each beside the JSON
 * API's same read (`GET /api/v1/catalogue?q=` and `/api/v1/catalogue/{id}`), against the built API in its own
 * process: requests per second from 32 concurrent clients and the p50/p95 of those requests. Target (issue 12): the
 * pages within 2× of the JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishedPractice } from '../support/published-practice';
import { enrolSeatedNetworks, httpClient } from '../support/running-api';
import { buildApi, figure, load, percentile, startBuiltApi, stop } from './bench-support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Each figure's seconds are spread over this many rounds of the four. */
const ROUNDS = 5;
const ITEMS = Number(process.env.BENCH_ITEMS ?? 200);
const CLIENTS = 32;
const PORT = 39094;
const FACILITATOR = 'facilitator-token-for-the-pages-benchmark-0123456789';
const NETWORKS = ['a', 'b', 'c'];
const WORDS = [
  'gritting',
  'drainage',
  'gully',
  'bridge',
  'footway',
  'lighting',
  'patching',
  'salt',
  'culvert',
];
const THEMES = ['winter-service', 'drainage', 'structures', 'carriageways', 'street-lighting'];

/** Material of some size: a markdown body with headings, lists and a few hundred words. */
function material(index: number) {
  const word = WORDS[index % WORDS.length];
  return {
    title: `${word[0].toUpperCase()}${word.slice(1)} practice ${index}`,
    summary: `How one network handled ${word} work, item ${index}.`,
    body: `## Background\n\n${`Crews planned ${word} work across the network. `.repeat(20)}\n\n## Method\n\n- surveyed\n- planned\n- delivered\n\n${'Results were shared with neighbouring authorities. '.repeat(20)}`,
    themes: [THEMES[index % THEMES.length]],
    authorities: [['york', 'leeds', 'kent', 'devon'][index % 4]],
  };
}

async function main() {
  buildApi();
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-bench-pages-'));
  const api = await startBuiltApi(PORT, { DATA_DIR: dataDir, BOOTSTRAP_TOKEN: FACILITATOR });
  try {
    const origin = `http://127.0.0.1:${PORT}`;
    const call = httpClient(`${origin}/api/v1`);
    const seats = await enrolSeatedNetworks({ call, dataDir }, FACILITATOR, NETWORKS);
    const tokens = NETWORKS.map((id) => seats[id].token);
    const items: string[] = [];
    let position = 0;
    for (let index = 0; index < ITEMS; index++) {
      const owner = tokens[index % tokens.length];
      const reviewers = tokens.filter((token) => token !== owner);
      const published = await publishedPractice({ call }, owner, reviewers, material(index));
      items.push(published.practiceId);
      position = published.position;
    }
    await call('GET', `/catalogue?minPosition=${position}`);

    let sent = 0;
    const word = () => WORDS[sent++ % WORDS.length];
    const item = () => items[sent++ % items.length];
    const paths = {
      jsonSearch: () => `/api/v1/catalogue?q=${word()}`,
      pageSearch: () => `/?q=${word()}`,
      jsonItem: () => `/api/v1/catalogue/${item()}`,
      pageItem: () => `/practices/${item()}`,
    };
    // Interleaved in rounds, so that other work on the machine weighs on each figure alike.
    const samples = Object.fromEntries(
      Object.keys(paths).map((name) => [name, { seconds: 0, done: 0, times: [] as number[] }]),
    );
    for (let round = 0; round < ROUNDS; round++)
      for (const [name, path] of Object.entries(paths)) {
        const sample = samples[name];
        const before = sample.times.length;
        const seconds = SECONDS / ROUNDS;
        await load(() => fetch(`${origin}${path()}`), 200, { clients: CLIENTS, seconds }, sample.times);
        sample.seconds += seconds;
        sample.done += sample.times.length - before;
      }
    const figuresOf = (name: keyof typeof paths) => {
      const { seconds, done, times } = samples[name];
      times.sort((x, y) => x - y);
      return { rate: done / seconds, p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
    };
    type Figures = ReturnType<typeof figuresOf>;
    const [jsonSearch, pageSearch, jsonItem, pageItem] = (
      ['jsonSearch', 'pageSearch', 'jsonItem', 'pageItem'] as const
    ).map(figuresOf);

    console.log(
      `\nPages benchmark: ${figure(ITEMS)} published items, ${CLIENTS} concurrent clients, ${SECONDS} s per figure, ` +
        `node ${process.version}\n`,
    );
    const line = (name: string, figures: Figures, baseline?: Figures) =>
      console.log(
        `${name.padEnd(34)} ${figure(figures.rate).padStart(6)} requests/s  p50 ${figures.p50.toFixed(1).padStart(6)} ms` +
          `  p95 ${figures.p95.toFixed(1).padStart(6)} ms  ` +
          (baseline
            ? `${(baseline.rate / figures.rate).toFixed(2)}× slower, p95 ${(figures.p95 / baseline.p95).toFixed(2)}×`
            : '(baseline)'),
      );
    line('GET /api/v1/catalogue?q= (JSON)', jsonSearch);
    line('GET /?q= (search page)', pageSearch, jsonSearch);
    line('GET /api/v1/catalogue/{id} (JSON)', jsonItem);
    line('GET /practices/{id} (item page)', pageItem, jsonItem);
  } finally {
    await stop(api);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

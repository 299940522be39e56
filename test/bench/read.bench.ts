/**
 * Read benchmark: `npm run bench:read`. A log of 100,000 published items (`BENCH_ITEMS`), made by the practice
 * decider as the API would make it, then:
 * - the rebuild of every read model from that log (`rebuildReadModels`), in events per second, beside a raw
 *   `readAll` of the same log in the same process;
 * - catalogue searches over HTTP against the built API (latency p50/p95 from one client, and requests per second
 *   from 32), beside the same ranked FTS5 query run raw on the same read-model file in this process.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PersonalData, SCHEMA_VERSION } from '@app/application';
import { SqlitePersonalDataKeys } from '@app/infrastructure';
import {
  DEFAULT_APPROVAL_POLICY,
  PracticeCommand,
  PracticeContext,
  practiceDecider,
  PracticeEvent,
  replay,
} from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { currentReadModelFile, READ_MODEL_PROJECTIONS, rebuildReadModels } from '@app/read-models';
import { loadAuthorityRegister, THEMES } from '@app/reference-data';
import { enrolSeatedNetworks, httpClient } from '../support/running-api';
import { buildApi, figure, load, percentile, startBuiltApi, stop } from './bench-support';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SAMPLES = 300;
const FACILITATOR = 'facilitator-token-for-the-read-benchmark-0123456789';
const NETWORKS = ['n01', 'n02', 'n03', 'n04', 'n05', 'n06', 'n07', 'n08', 'n09', 'n10'];
const PORT = 39093;

/**
 * The catalogue's text, drawn from a Zipf distribution (as word frequencies in real text are) over 20,000 words:
 * the commonest are function words, then words of the trade, then a long tail of rarer words. Searches draw their
 * words by frequency from the same text, function words left out, so the common words of the trade are searched
 * for most: a search is about as selective as people's searches over a real catalogue would be.
 */
const FUNCTION_WORDS = (
  'the of and to a in for is on that by with as be this are from at or it an was which we have were has our their ' +
  'its will can been not but more all also these than into'
).split(' ');
const TRADE_WORDS = (
  'pothole carriageway resurfacing footway cycleway bridge culvert drainage gully gritting winter salt route ' +
  'lighting lantern LED column asset inventory condition survey contract framework procurement supplier ' +
  'collaboration partnership joint shared data platform sensor telematics customer complaint reporting app ' +
  'innovation trial recycled asphalt patching preventative treatment surface dressing micro kerb signage ' +
  'marking safety fencing embankment slope retaining wall flood resilience tree verge maintenance inspection ' +
  'risk hierarchy budget allocation savings carbon emissions electric fleet depot scheduling highway authority ' +
  'council network funding efficiency programme practice guidance toolkit benchmarking performance'
).split(' ');
const SYLLABLES = [
  'ar',
  'bel',
  'cor',
  'dun',
  'es',
  'fal',
  'gri',
  'ham',
  'in',
  'lor',
  'mer',
  'nor',
  'ost',
  'pel',
];
const VOCABULARY = [...FUNCTION_WORDS, ...TRADE_WORDS];
for (let n = 0; VOCABULARY.length < 20_000; n++) {
  let word = '';
  for (let rest = n + SYLLABLES.length; rest > 0; rest = Math.floor(rest / SYLLABLES.length))
    word += SYLLABLES[rest % SYLLABLES.length];
  VOCABULARY.push(word);
}
/** Cumulative Zipf weights (exponent 1.05) over the vocabulary's ranks. */
function cumulative(weights: number[]): number[] {
  let sum = 0;
  return weights.map((weight) => (sum += weight));
}
const ZIPF = cumulative(VOCABULARY.map((_, rank) => 1 / (rank + 1) ** 1.05));
const QUERY_ZIPF = cumulative(
  VOCABULARY.map((_, rank) => (rank < FUNCTION_WORDS.length ? 0 : 1 / (rank + 1) ** 1.05)),
);

/** A small deterministic generator (mulberry32), so every run builds the same catalogue. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(2026);
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
/** A word drawn by the cumulative weights given. */
function draw(weights: number[]): string {
  const target = next() * weights[weights.length - 1];
  let [low, high] = [0, weights.length - 1];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (weights[middle] < target) low = middle + 1;
    else high = middle;
  }
  return VOCABULARY[low];
}
const words = (n: number) => Array.from({ length: n }, () => draw(ZIPF)).join(' ');
const some = <T>(list: readonly T[], most: number) => [
  ...new Set(Array.from({ length: 1 + Math.floor(next() * most) }, () => pick(list))),
];

type Seat = { networkId: string; personId: string };

/** One item's whole life to publication, as the decider decides it: submitted, approved by two seats, published. */
function publishedItem(index: number, owner: Seat, reviewers: Seat[], authorityCodes: string[], at: Date) {
  const practiceId = randomUUID();
  const seatedNetworks = NETWORKS;
  const context = (seat: Seat): PracticeContext => ({
    now: at,
    actor: {
      ...seat,
      roles: ['coordinator', 'contributor'],
      networkActive: true,
      facilitator: false,
      principlesAdopted: true,
      seat: true,
    },
    policy: DEFAULT_APPROVAL_POLICY,
    seatedNetworks,
  });
  const commands: Array<[PracticeCommand, Seat]> = [
    [
      {
        type: 'SubmitPractice',
        practiceId,
        contactId: randomUUID(),
        content: {
          title: `${words(5)} ${index}`,
          summary: words(25),
          body: words(150),
          themes: some(
            THEMES.map((theme) => theme.code),
            3,
          ),
          authorities: some(authorityCodes, 3),
          links: [],
          attachments: [],
          contact: { name: `Contact ${index}`, email: `contact${index}@example.org` },
        },
      },
      owner,
    ],
    ...reviewers.map((seat): [PracticeCommand, Seat] => [
      { type: 'ReviewPractice', practiceId, round: 1, verdict: 'approve', comment: 'Good' },
      seat,
    ]),
    [{ type: 'PublishPractice', practiceId }, owner],
  ];
  const decided: Array<[PracticeEvent, Seat]> = [];
  for (const [command, seat] of commands) {
    const state = replay(
      practiceDecider,
      decided.map(([event]) => event),
    );
    for (const event of practiceDecider.decide(command, state, context(seat))) decided.push([event, seat]);
  }
  return { practiceId, decided };
}

async function main() {
  buildApi();
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-bench-read-'));
  try {
    // Networks, seats and tokens through the API, as in life.
    let api = await startBuiltApi(PORT, { DATA_DIR: dataDir, BOOTSTRAP_TOKEN: FACILITATOR });
    const call = httpClient(`http://127.0.0.1:${PORT}/api/v1`);
    const coordinators = await enrolSeatedNetworks({ call, dataDir }, FACILITATOR, NETWORKS);
    const seats: Seat[] = NETWORKS.map((networkId) => ({
      networkId,
      personId: coordinators[networkId].personId,
    }));
    const authorityCodes = loadAuthorityRegister()
      .all()
      .map((authority) => authority.code);
    await stop(api);

    // The items, appended by 64 writers at once (the store commits them in groups).
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const keys = new SqlitePersonalDataKeys(join(dataDir, 'keys.sqlite'));
    const personalData = new PersonalData(keys);
    const began = Date.parse('2024-01-01T00:00:00Z');
    let made = 0;
    const generating = performance.now();
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (made < ITEMS) {
          const index = made++;
          const owner = seats[index % seats.length];
          const others = seats.filter((seat) => seat !== owner);
          const reviewers = [others[index % others.length], others[(index + 3) % others.length]];
          const at = new Date(began + index * 15 * 60_000);
          const { practiceId, decided } = publishedItem(index, owner, reviewers, authorityCodes, at);
          await store.appendToStream(
            `practice-${practiceId}`,
            await Promise.all(
              decided.map(async ([event, seat]) => ({
                id: randomUUID(),
                type: event.type,
                data: await personalData.seal(event.data),
                metadata: {
                  commandId: randomUUID(),
                  actor: seat,
                  occurredAt: at.toISOString(),
                  schemaVersion: SCHEMA_VERSION,
                },
              })),
            ),
            { expectedRevision: 'no_stream' },
          );
        }
      }),
    );
    await keys.close();
    const head = await store.headPosition();
    console.log(
      `Generated ${figure(ITEMS)} published items (${figure(Number(head))} events in all) in ` +
        `${((performance.now() - generating) / 1000).toFixed(0)} s`,
    );

    // Rebuild beside a raw read of the same log.
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

    // Searches: raw FTS5 on the read-model file, then over HTTP.
    // One search in three has two words.
    const queries = Array.from({ length: SAMPLES }, (_, i) =>
      i % 3 === 0 ? `${draw(QUERY_ZIPF)} ${draw(QUERY_ZIPF)}` : draw(QUERY_ZIPF),
    );
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

    api = await startBuiltApi(PORT, { DATA_DIR: dataDir });
    try {
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
      const httpRate = await load(() => fetch(url(queries[served++ % queries.length])), 200, {
        clients: 32,
        seconds: SECONDS,
      });

      const ms = (times: number[], p: number) =>
        percentile(
          [...times].sort((x, y) => x - y),
          p,
        ).toFixed(1);
      console.log(`\nRead benchmark: ${figure(ITEMS)} published items, node ${process.version}\n`);
      console.log(`raw readAll of the log (baseline)              ${figure(readRate).padStart(9)} events/s`);
      console.log(
        `rebuild of every read model                    ${figure(rebuildRate).padStart(9)} events/s  ` +
          `${((100 * rebuildRate) / readRate).toFixed(0)}% of baseline`,
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
    } finally {
      await stop(api);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * The log the read benchmarks run on (`bench:read`, `bench:rebuild`): ten seated networks enrolled through the
 * built API, then `items` published items, each submitted, approved by two other networks and published, as the
 * practice decider decides them, appended by 64 writers at once. Making 100,000 takes minutes, so
 * `BENCH_LOG_DIR=<folder>` keeps the log there and later runs start from it.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { loadAuthorityRegister, THEMES } from '@app/reference-data';
import { enrolSeatedNetworks, httpClient } from '../support/running-api';
import { figure, startBuiltApi, stop } from './bench-support';

export const FACILITATOR = 'facilitator-token-for-the-read-benchmark-0123456789';
const NETWORKS = ['n01', 'n02', 'n03', 'n04', 'n05', 'n06', 'n07', 'n08', 'n09', 'n10'];

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

/**
 * A fresh DATA_DIR holding a log of `items` published items (and the keys that seal their contacts), made here on
 * `port`, or copied from `BENCH_LOG_DIR` when an earlier run of as many items kept it there.
 */
export async function catalogueLog(items: number, port: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-bench-read-'));
  const kept = process.env.BENCH_LOG_DIR && join(process.env.BENCH_LOG_DIR, String(items));
  if (kept && existsSync(join(kept, 'events.sqlite'))) {
    cpSync(kept, dataDir, { recursive: true });
    console.log(`Log of ${figure(items)} published items copied from ${kept}`);
    return dataDir;
  }
  await makeLog(dataDir, items, port);
  if (kept) {
    mkdirSync(kept, { recursive: true });
    for (const file of readdirSync(dataDir))
      cpSync(join(dataDir, file), join(kept, file), { recursive: true });
  }
  return dataDir;
}

/** Searches drawn as people search: one or two words by frequency, one search in three has two. */
export function searchQueries(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i % 3 === 0 ? `${draw(QUERY_ZIPF)} ${draw(QUERY_ZIPF)}` : draw(QUERY_ZIPF),
  );
}

async function makeLog(dataDir: string, items: number, port: number): Promise<void> {
  // Networks, seats and tokens through the API, as in life.
  const api = await startBuiltApi(port, { DATA_DIR: dataDir, BOOTSTRAP_TOKEN: FACILITATOR });
  const call = httpClient(`http://127.0.0.1:${port}/api/v1`);
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
      while (made < items) {
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
  await store.close();
  console.log(
    `Generated ${figure(items)} published items (${figure(Number(head))} events in all) in ` +
      `${((performance.now() - generating) / 1000).toFixed(0)} s`,
  );
}

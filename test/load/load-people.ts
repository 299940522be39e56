/**
 * The load generator of `npm run load`, run as its own process so that it never shares the API's event loop:
 * `node --import tsx test/load/load-people.ts <cast.json> <samples.ndjson>`. Every person of the cast acts in a
 * loop for `seconds` with a random think time between actions, as their role does: contributors submit, revise and
 * publish; representatives review and vote on motions; coordinators manage members; the public searches and reads
 * items, the Atom feed and the pages. Each request is a line of the samples file; so is every command answered 2xx
 * (its id and position), which the run then looks for in the log.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { uuidFrom } from '@app/application';
import { THEMES } from '@app/reference-data';
import { type Ack, type Cast, COMMAND_RETRY_MS, type GaveUp, type Person, type Sample } from './load-cast';

const [castFile, samplesFile] = process.argv.slice(2);
const cast = JSON.parse(readFileSync(castFile, 'utf8')) as Cast;
const out = createWriteStream(samplesFile);
const until = Date.now() + cast.seconds * 1000;
const record = (line: Sample | Ack | GaveUp) => out.write(`${JSON.stringify(line)}\n`);

const WORDS = ['pothole', 'gully', 'gritting', 'bridge', 'lighting', 'footway', 'drainage', 'patching'];
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the workload learns as it goes: each network's practices, and items found in the catalogue. */
const practicesOf = new Map<string, string[]>();
const found: string[] = [];
const managed = new Map<string, string[]>();
let counter = 0;

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the workload reads whatever the route answers
  body: any;
}

/** One request, timed and written down under `route` (status 0: no answer, the connection failed). */
async function request(
  route: string,
  method: string,
  path: string,
  { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const start = Date.now();
  const key = headers['idempotency-key'];
  const write = (sample: Omit<Sample, 'route' | 'start' | 'end'>) =>
    record({ route, start, end: Date.now(), ...(key ? { key } : {}), ...sample });
  try {
    const response = await fetch(`${cast.origin}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json');
    const answer = { status: response.status, body: json && text ? JSON.parse(text) : text };
    const problem = response.status >= 400 ? { problem: String(answer.body?.type ?? '') } : {};
    write({ status: response.status, ...problem });
    return answer;
  } catch (error) {
    // Why there was no answer: refused (down), reset (killed mid-request), timed out.
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    write({ status: 0, problem: cause });
    return { status: 0, body: undefined };
  }
}

/**
 * A command with an Idempotency-Key, retried with the same key while the API is down, restarting, failing, or still
 * holding the first attempt's claim (409 while it is in flight): a retry can never write twice. A 2xx answer is an
 * acknowledgement: the command id the API derives from the caller, route and key, and the position it answered.
 */
async function command(person: Person, route: string, method: string, path: string, body?: unknown) {
  const key = randomUUID();
  const headers = { 'idempotency-key': key };
  // Set at the first failed attempt (one the kill cut off may have waited long for its answer).
  let deadline: number | undefined;
  for (;;) {
    const answer = await request(route, method, `/api/v1${path}`, { token: person.token, body, headers });
    if (answer.status >= 200 && answer.status < 300) {
      // The command's id as the API derives it (commandMetaOf in apps/api/src/http/command-meta.ts).
      const scope = `${person.personId}\n${method} /api/v1${path}\n${key}`;
      record({
        ack: {
          route,
          commandId: uuidFrom(`command\n${scope}`),
          position: answer.body.position,
          unchanged: answer.body.unchanged === true,
          at: Date.now(),
        },
      });
      return answer;
    }
    const inFlight = answer.status === 409 && /still being processed/.test(answer.body?.detail ?? '');
    if (answer.status !== 0 && answer.status < 500 && !inFlight) return answer;
    // At most 5 s past the run's end (a claim held by a killed process is given up 5 s after it was last kept alive).
    deadline ??= Math.min(Date.now() + COMMAND_RETRY_MS, until + 5_000);
    if (Date.now() > deadline) {
      record({ gaveUp: { route, status: answer.status, key } });
      return answer;
    }
    // The API is down or restarting, or the first attempt's claim is held: wait rather than hammer.
    await sleep(inFlight ? 2000 : 1000);
  }
}

const content = (title: string) => ({
  title,
  summary: `${title}: what was done and what it saved.`,
  body: `# ${title}\n\nHow the ${pick(WORDS)} work was planned, done and measured.`,
  themes: [pick(THEMES)!.code],
  authorities: [],
  links: [],
  attachments: [],
  contact: { name: 'Load Tester', email: 'load@example.org' },
});

async function contributor(person: Person) {
  const own = practicesOf.get(person.networkId!) ?? [];
  practicesOf.set(person.networkId!, own);
  const practiceId = pick(own);
  if (!practiceId || Math.random() < 0.3) {
    const title = `${pick(WORDS)} practice ${++counter} of ${person.networkId}`;
    const submitted = await command(person, 'POST /practices', 'POST', '/practices', content(title));
    if (submitted.status === 201) own.push(submitted.body.practiceId);
    return;
  }
  const view = await request('GET /practices/:id', 'GET', `/api/v1/practices/${practiceId}`, {
    token: person.token,
  });
  if (view.status !== 200) return;
  const { state, version } = view.body;
  if (state === 'approved')
    await command(person, 'POST /practices/:id/publish', 'POST', `/practices/${practiceId}/publish`);
  else if (state === 'changes_requested' || (state === 'published' && Math.random() < 0.2))
    await command(person, 'POST /practices/:id/revisions', 'POST', `/practices/${practiceId}/revisions`, {
      ...content(view.body.content.title),
      basedOnVersion: version,
    });
}

async function representative(person: Person) {
  const r = Math.random();
  if (r < 0.8) {
    const queue = await request('GET /review-queue', 'GET', '/api/v1/review-queue', { token: person.token });
    const item =
      queue.status === 200 ? pick(queue.body.items.slice(0, 5) as Array<Record<string, unknown>>) : undefined;
    if (!item) return;
    const verdict = pick(['approve', 'approve', 'approve', 'request_changes', 'reject'])!;
    await command(person, 'POST /practices/:id/reviews', 'POST', `/practices/${item.practiceId}/reviews`, {
      round: item.round,
      verdict,
      comment: 'Reviewed under load',
    });
  } else if (r < 0.85) {
    await command(person, 'POST /motions', 'POST', '/motions', {
      kind: 'set-priorities',
      payload: { period: `load-${++counter}`, themes: [pick(THEMES)!.code] },
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
  } else {
    const open = await request('GET /motions', 'GET', '/api/v1/motions?status=open', { token: person.token });
    const motion = open.status === 200 ? pick(open.body.items as Array<{ motionId: string }>) : undefined;
    if (!motion) return;
    const vote = pick(['for', 'for', 'against', 'abstain'])!;
    await command(person, 'POST /motions/:id/votes', 'POST', `/motions/${motion.motionId}/votes`, { vote });
  }
}

async function coordinator(person: Person) {
  const network = person.networkId!;
  const members = managed.get(network) ?? [];
  managed.set(network, members);
  const member = pick(members);
  const r = Math.random();
  if (r < 0.35 || !member) {
    const n = ++counter;
    const registered = await command(
      person,
      'POST /networks/:id/members',
      'POST',
      `/networks/${network}/members`,
      {
        name: `Member ${n}`,
        email: `member-${n}@${network}.example.org`,
        roles: ['contributor'],
      },
    );
    if (registered.status === 201) members.push(registered.body.personId);
  } else if (r < 0.55) {
    await command(
      person,
      'PATCH /networks/:id/members/:id',
      'PATCH',
      `/networks/${network}/members/${member}`,
      {
        roles: pick([['contributor'], ['contributor', 'coordinator']]),
      },
    );
  } else if (r < 0.7) {
    await command(
      person,
      'POST /networks/:id/members/:id/tokens',
      'POST',
      `/networks/${network}/members/${member}/tokens`,
      {},
    );
  } else if (r < 0.8) {
    const removed = await command(
      person,
      'DELETE /networks/:id/members/:id',
      'DELETE',
      `/networks/${network}/members/${member}`,
    );
    if (removed.status === 200) members.splice(members.indexOf(member), 1);
  } else {
    await request('GET /networks/:id', 'GET', `/api/v1/networks/${network}`, { token: person.token });
  }
}

async function reader() {
  const r = Math.random();
  const item = pick(found);
  if (r < 0.4 || !item) {
    const searched = await request('GET /catalogue', 'GET', `/api/v1/catalogue?q=${pick(WORDS)}`);
    if (searched.status === 200)
      for (const { practiceId } of searched.body.items as Array<{ practiceId: string }>)
        if (!found.includes(practiceId)) found.push(practiceId);
  } else if (r < 0.6) await request('GET /catalogue/:id', 'GET', `/api/v1/catalogue/${item}`);
  else if (r < 0.7) await request('GET /catalogue.atom', 'GET', '/catalogue.atom');
  else if (r < 0.85) await request('GET / (page)', 'GET', `/?q=${pick(WORDS)}`);
  else await request('GET /practices/:id (page)', 'GET', `/practices/${item}`);
}

const roles = { contributor, representative, coordinator, public: reader };

async function main() {
  // The run's clock starts now, not when this process was spawned: its kills are timed from this line.
  console.log('ready');
  // The baseline in the same run: a route with no domain work, probed five times a second beside the people.
  const probe = async () => {
    while (Date.now() < until) {
      await request('GET /health (baseline)', 'GET', '/health');
      await sleep(200);
    }
  };
  await Promise.all([
    probe(),
    ...cast.people.map(async (person) => {
      // Spread the first actions over one think time, so that people do not all start in the same moment.
      await sleep(Math.random() * cast.thinkMs);
      while (Date.now() < until) {
        await roles[person.role](person);
        await sleep(cast.thinkMs * (0.5 + Math.random()));
      }
    }),
  ]);
  await new Promise<void>((resolve) => out.end(resolve));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * A load run with faults (issue 13), shared by `npm run load` and its bounded form in `npm test`: the built API and
 * worker on a fresh DATA_DIR (the worker's queues on the local Redis under a prefix of their own), a cast of members
 * set up through the API, the mixed workload of load-people.ts from a process of its own, the API SIGKILLed and
 * restarted `kills` times meanwhile; then the checks: every acknowledged command is in the log, no 5xx outside the
 * restart windows, the views equal a fresh rebuild, the hash chain and the latest checkpoint verify.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { readAllInPages, SqliteEventStore } from '@app/event-store';
import {
  currentReadModelFile,
  dumpReadModel,
  READ_MODEL_PROJECTIONS,
  rebuildReadModels,
} from '@app/read-models';
import { percentile, started } from '../bench/bench-support';
import { build, BuiltProcess, freePort, runBuilt } from '../support/built-process';
import { enrolSeatedNetworks, httpClient, succeeds } from '../support/running-api';
import { type Ack, type Cast, COMMAND_RETRY_MS, type GaveUp, type Person, type Sample } from './load-cast';

const FACILITATOR = 'facilitator-token-for-the-load-run-0123456789';

export interface LoadOptions {
  people: number;
  seconds: number;
  kills: number;
  thinkMs: number;
  /** Progress lines as the run goes. */
  say?: (line: string) => void;
}

/** Percentiles of answer times in milliseconds. */
export interface Times {
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface RouteFigures {
  route: string;
  requests: number;
  /** Of every request answered. */
  all: Times;
  /** Of those that did not overlap a restart window: the service as it runs between faults. */
  steady: Times;
  '4xx': number;
  '5xx': number;
  /** No answer: the connection was refused or cut (the API was down). */
  unanswered: number;
  /** How many of each problem type the 4xx and 5xx answers were. */
  problems: Record<string, number>;
}

/** From the SIGKILL until the restarted API answers /health. */
export interface RestartWindow {
  killedAt: number;
  healthyAt: number;
}

export interface LoadResult {
  options: LoadOptions;
  routes: RouteFigures[];
  requestsPerSecond: number;
  restarts: RestartWindow[];
  acknowledged: number;
  /** Of them, those answered after the last restart. */
  acknowledgedAfterRestart: number;
  /** Commands cut off by a kill whose retries got no answer before the generator gave up: in the log or not. */
  gaveUp: GaveUp['gaveUp'][];
  /**
   * Acknowledged commands whose event is not at the position answered; or, for one answered `unchanged` (the same
   * vote again), whose answered position is not in the log or that wrote an event after all.
   */
  lost: Ack['ack'][];
  /** Of the acknowledged, those that changed nothing (answered `unchanged`). */
  unchanged: number;
  fiveHundredsInWindows: number;
  fiveHundredsOutside: Sample[];
  events: number;
  /** Where the live views first differ from a fresh rebuild, if they do. */
  viewsDiffer?: string;
  verify: { ok: boolean; eventsChecked: number; checkpoint?: { treeSize: number } };
  /** Of the last API process (counters start again at each restart). */
  metrics: { commands: Record<string, number>; lag: string[] };
  exitCodes: { generator: number | null; worker: number | null; api: number | null };
}

/** The people of a run: per network a coordinator and a representative, 30% contributors, the rest the public. */
function castSizes(people: number) {
  const networks = Math.max(3, Math.round(people / 20));
  const contributors = Math.max(networks, Math.round(people * 0.3));
  return { networks, contributors, public: Math.max(1, people - 2 * networks - contributors) };
}

async function setUpCast(call: ReturnType<typeof httpClient>, dataDir: string, people: number) {
  const sizes = castSizes(people);
  const networkIds = Array.from({ length: sizes.networks }, (_, n) => `load-${n + 1}`);
  const coordinators = await enrolSeatedNetworks({ call, dataDir }, FACILITATOR, networkIds);
  const member = async (networkId: string, name: string): Promise<Person> => {
    const { token } = coordinators[networkId];
    const { personId } = (
      await succeeds(
        call('POST', `/networks/${networkId}/members`, token, {
          name,
          email: `${name.toLowerCase().replace(/\W+/g, '-')}@${networkId}.example.org`,
          roles: ['contributor'],
        }),
      )
    ).body;
    const issued = await succeeds(
      call('POST', `/networks/${networkId}/members/${personId}/tokens`, token, {}),
    );
    return { role: 'contributor', token: issued.body.token, personId, networkId };
  };
  const cast: Person[] = [];
  for (const networkId of networkIds) {
    const { token, personId } = coordinators[networkId];
    cast.push({ role: 'coordinator', token, personId, networkId });
    // The seat goes to a representative of its own, so the coordinator's work and the seat's are two people's.
    const representative = await member(networkId, `Representative ${networkId}`);
    await succeeds(
      call('PUT', `/networks/${networkId}/representative`, token, {
        personId: representative.personId,
      }),
      200,
    );
    cast.push({ ...representative, role: 'representative' });
  }
  for (let n = 0; n < sizes.contributors; n++)
    cast.push(await member(networkIds[n % networkIds.length], `Contributor ${n + 1}`));
  for (let n = 0; n < sizes.public; n++) cast.push({ role: 'public' });
  return { cast, auditorToken: coordinators[networkIds[0]].token };
}

/** The generator's process: `ready` once it has started its people, `done` with what it wrote when it exits. */
function runGenerator(cast: Cast, dir: string) {
  const castFile = join(dir, 'cast.json');
  const samplesFile = join(dir, 'samples.ndjson');
  writeFileSync(castFile, JSON.stringify(cast));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'load-people.ts'), castFile, samplesFile],
    { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ready = new Promise<void>((resolve) =>
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()),
  );
  const done = new Promise<{ code: number | null; samples: Sample[]; acks: Ack[]; gaveUp: GaveUp[] }>(
    (resolve) =>
      child.on('exit', (code) => {
        const lines = readFileSync(samplesFile, 'utf8').split('\n').filter(Boolean);
        const parsed = lines.map((line) => JSON.parse(line) as Sample | Ack | GaveUp);
        resolve({
          code,
          samples: parsed.filter((line): line is Sample => 'route' in line),
          acks: parsed.filter((line): line is Ack => 'ack' in line),
          gaveUp: parsed.filter((line): line is GaveUp => 'gaveUp' in line),
        });
      }),
  );
  return { ready: Promise.race([ready, done.then(() => undefined)]), done };
}

function countBy<T>(items: T[], keyOf: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[keyOf(item)] = (counts[keyOf(item)] ?? 0) + 1;
  return counts;
}

function times(samples: Sample[]): Times {
  const sorted = samples.map((sample) => sample.end - sample.start).sort((a, b) => a - b);
  if (sorted.length === 0) return {};
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
}

function routeFigures(samples: Sample[], inWindow: (sample: Sample) => boolean): RouteFigures[] {
  const byRoute = new Map<string, Sample[]>();
  for (const sample of samples) byRoute.set(sample.route, [...(byRoute.get(sample.route) ?? []), sample]);
  return [...byRoute.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, all]) => {
      const answered = all.filter((sample) => sample.status > 0);
      const count = (low: number) => answered.filter((s) => s.status >= low && s.status < low + 100).length;
      return {
        route,
        requests: all.length,
        all: times(answered),
        steady: times(answered.filter((sample) => !inWindow(sample))),
        '4xx': count(400),
        '5xx': count(500),
        unanswered: all.length - answered.length,
        problems: countBy(
          all.filter((sample) => sample.problem),
          (sample) => sample.problem!,
        ),
      };
    });
}

function metricsOf(text: string): LoadResult['metrics'] {
  const commands: Record<string, number> = {};
  for (const [, outcome, value] of text.matchAll(
    /^cns_commands_total\{[^}]*outcome="([^"]+)"[^}]*\} (\S+)$/gm,
  ))
    commands[outcome] = (commands[outcome] ?? 0) + Number(value);
  return { commands, lag: text.match(/^cns_consumer_lag_positions\{.*$/gm) ?? [] };
}

/** The first line where two dumps differ, with its neighbours, or undefined when they are the same. */
function firstDifference(live: string, rebuilt: string): string | undefined {
  if (live === rebuilt) return undefined;
  const a = live.split('\n');
  const b = rebuilt.split('\n');
  const at = a.findIndex((line, n) => line !== b[n]);
  const table = a
    .slice(0, at + 1)
    .reverse()
    .find((line) => line.startsWith('# '));
  return `${table ?? ''} line ${at}: live ${a[at]?.slice(0, 300)} / rebuilt ${b[at]?.slice(0, 300)}`;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const say = options.say ?? (() => undefined);
  build('api');
  build('worker');
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-load-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const workerPort = await freePort();
  const env = {
    DATA_DIR: dataDir,
    PORT: String(port),
    BOOTSTRAP_TOKEN: FACILITATOR,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    JOB_QUEUE_PREFIX: `load-${process.pid}-${Date.now()}`,
    WORKER_HEALTH_PORT: String(workerPort),
    // Everyone comes from 127.0.0.1: one caller to the per-caller limit.
    RATE_LIMIT_PER_MINUTE: '1000000000',
    PUBLIC_WRITES_PER_HOUR: '1000000000',
    // Checkpoints while the load runs, so that there is a recent one to verify.
    CHECKPOINT_INTERVAL_SECONDS: '5',
    LOG_LEVEL: 'warn',
  };
  const startApi = async () => {
    const api = runBuilt('api', env);
    await started(api.child, `${origin}/health`);
    return api;
  };
  let api: BuiltProcess | undefined;
  let worker: BuiltProcess | undefined;
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  try {
    api = await startApi();
    worker = runBuilt('worker', env);
    await started(worker.child, `http://127.0.0.1:${workerPort}/health`);
    const call = httpClient(`${origin}/api/v1`);
    const { cast, auditorToken } = await setUpCast(call, dataDir, options.people);
    say(`cast set up: ${cast.length} people; the load runs ${options.seconds} s with ${options.kills} kills`);

    const generator = runGenerator(
      { origin, seconds: options.seconds, thinkMs: options.thinkMs, people: cast },
      dataDir,
    );
    await generator.ready;
    const began = Date.now();
    const restarts: RestartWindow[] = [];
    for (let kill = 1; kill <= options.kills; kill++) {
      const at = began + (options.seconds * 1000 * kill) / (options.kills + 1);
      await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
      const killedAt = Date.now();
      const exited = new Promise((resolve) => api!.child.once('exit', resolve));
      api.child.kill('SIGKILL');
      await exited;
      api = await startApi();
      restarts.push({ killedAt, healthyAt: Date.now() });
      say(
        `kill ${kill}: SIGKILL at +${((killedAt - began) / 1000).toFixed(1)} s, healthy again after ${Date.now() - killedAt} ms`,
      );
    }
    const { code: generatorCode, samples, acks, gaveUp } = await generator.done;
    const elapsed = (Date.now() - began) / 1000;

    // Nothing appends once the worker (policies, checkpoints) has stopped: the log's head is final.
    const workerCode = await worker.stop();
    const head = await store.headPosition();
    await succeeds(call('GET', `/networks?minPosition=${head}`, auditorToken), 200);
    const verify = (await succeeds(call('GET', '/audit/verify', auditorToken), 200)).body;
    const metrics = metricsOf(await (await fetch(`${origin}/metrics`)).text());
    const apiCode = await api.stop();

    const commandAt = new Map<string, unknown>();
    const written = new Set<unknown>();
    let events = 0;
    for await (const page of readAllInPages(store))
      for (const event of page) {
        events++;
        commandAt.set(String(event.position), event.metadata.commandId);
        written.add(event.metadata.commandId);
      }
    const lost = acks
      .map(({ ack }) => ack)
      .filter((ack) =>
        ack.unchanged
          ? !commandAt.has(String(ack.position)) || written.has(ack.commandId)
          : commandAt.get(String(ack.position)) !== ack.commandId,
      );

    const inWindow = (sample: Sample) =>
      restarts.some(({ killedAt, healthyAt }) => sample.end >= killedAt && sample.start <= healthyAt);
    const fiveHundreds = samples.filter((sample) => sample.status >= 500);

    const live = new Database(currentReadModelFile(dataDir), { readonly: true });
    const liveDump = dumpReadModel(live);
    live.close();
    const elsewhere = mkdtempSync(join(tmpdir(), 'cns-load-rebuild-'));
    const { file } = await rebuildReadModels(store, elsewhere, READ_MODEL_PROJECTIONS);
    const rebuilt = new Database(file, { readonly: true });
    const rebuiltDump = dumpReadModel(rebuilt);
    rebuilt.close();
    rmSync(elsewhere, { recursive: true, force: true });

    return {
      options,
      routes: routeFigures(samples, inWindow),
      requestsPerSecond: samples.length / elapsed,
      restarts,
      acknowledged: acks.length,
      gaveUp: gaveUp.map((line) => line.gaveUp),
      acknowledgedAfterRestart: acks.filter(({ ack }) => ack.at > (restarts.at(-1)?.healthyAt ?? 0)).length,
      lost,
      unchanged: acks.filter(({ ack }) => ack.unchanged).length,
      fiveHundredsInWindows: fiveHundreds.filter(inWindow).length,
      fiveHundredsOutside: fiveHundreds.filter((sample) => !inWindow(sample)),
      events,
      viewsDiffer: firstDifference(liveDump, rebuiltDump),
      verify,
      metrics,
      exitCodes: { generator: generatorCode, worker: workerCode, api: apiCode },
    };
  } finally {
    await api?.stop();
    await worker?.stop();
    await store.close();
    if (!process.env.LOAD_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    // The run's queues go with it: the Redis is shared.
    const redis = new Redis(env.REDIS_URL);
    const keys = await redis.keys(`${env.JOB_QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

/** What must hold after a run, each as a line saying what failed; none when all holds. */
export function failures(result: LoadResult): string[] {
  const failed: string[] = [];
  if (result.acknowledged === 0) failed.push('no command was acknowledged: the workload did not run');
  if (result.lost.length > 0)
    failed.push(
      `${result.lost.length} acknowledged commands are not in the log: ${JSON.stringify(result.lost.slice(0, 5))}`,
    );
  if (result.fiveHundredsOutside.length > 0)
    failed.push(
      `${result.fiveHundredsOutside.length} 5xx outside the restart windows: ${JSON.stringify(result.fiveHundredsOutside.slice(0, 5))}`,
    );
  if (result.viewsDiffer) failed.push(`the views differ from a fresh rebuild: ${result.viewsDiffer}`);
  if (!result.verify.ok || !result.verify.checkpoint)
    failed.push(`the log does not verify with a checkpoint: ${JSON.stringify(result.verify)}`);
  for (const [process, code] of Object.entries(result.exitCodes))
    if (code !== 0) failed.push(`the ${process} exited with ${code}`);
  return failed;
}

/** The run as text: per route figures, restarts, the checks. */
export function report(result: LoadResult): string[] {
  const { people, seconds, kills, thinkMs } = result.options;
  const ms = (value: number | undefined) => (value === undefined ? '-' : String(Math.round(value)));
  const percentiles = ({ p50, p95, p99 }: Times) => [p50, p95, p99].map((p) => ms(p).padStart(6)).join(' ');
  const lines = [
    `Load with faults: ${people} people, ${seconds} s, think time ${thinkMs} ms, ${kills} SIGKILLs of the API, node ${process.version}`,
    '',
    'Answer times in ms: of every answered request | of those outside the restart windows; "no answer": attempts',
    'whose connection was refused or cut (the API down), each retry of a command counted.',
    '',
    `${'route'.padEnd(38)} ${'requests'.padStart(8)}  ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} | ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} ${'4xx'.padStart(5)} ${'5xx'.padStart(5)} ${'no answer'.padStart(9)}`,
    ...result.routes.map(
      (r) =>
        `${r.route.padEnd(38)} ${String(r.requests).padStart(8)}  ${percentiles(r.all)} | ${percentiles(r.steady)} ${String(r['4xx']).padStart(5)} ${String(r['5xx']).padStart(5)} ${String(r.unanswered).padStart(9)}` +
        (Object.keys(r.problems).length > 0 ? `  ${JSON.stringify(r.problems)}` : ''),
    ),
    '',
    `${Math.round(result.requestsPerSecond)} requests/s over the run; restarts (kill to healthy): ${result.restarts.map((r) => `${r.healthyAt - r.killedAt} ms`).join(', ')}`,
    `acknowledged commands: ${result.acknowledged} (${result.acknowledgedAfterRestart} after the last restart, ${result.unchanged} changing nothing), lost: ${result.lost.length}; given up unanswered after up to ${COMMAND_RETRY_MS / 1000} s of retries: ${result.gaveUp.length} ${JSON.stringify(countBy(result.gaveUp, ({ route, status }) => `${route} ${status}`))}; events in the log: ${result.events}`,
    `5xx inside the restart windows: ${result.fiveHundredsInWindows}, outside: ${result.fiveHundredsOutside.length}`,
    `views against a fresh rebuild: ${result.viewsDiffer ? `DIFFER (${result.viewsDiffer})` : 'equal'}`,
    `audit verify: ok ${result.verify.ok}, ${result.verify.eventsChecked} events, latest checkpoint at tree size ${result.verify.checkpoint?.treeSize ?? 'none'}`,
    `metrics of the last API process: commands by outcome ${JSON.stringify(result.metrics.commands)}`,
    ...result.metrics.lag.map((line) => `  ${line}`),
  ];
  return lines;
}

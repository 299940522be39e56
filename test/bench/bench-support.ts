/** What the HTTP benchmarks share: the API built and started as `npm start` runs it, and a client load loop. */
import { ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const root = join(__dirname, '../..');

/** Builds the API with `nest build api`, as `npm start` does. */
export function buildApi(): void {
  const build = spawnSync(join(root, 'node_modules/.bin/nest'), ['build', 'api'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('nest build api failed');
}

/** Starts the built API in its own process; resolves once `/health` answers. */
export async function startBuiltApi(port: number, env: Record<string, string>): Promise<ChildProcess> {
  // As scripts/start.mjs runs it (its NODE_FLAGS).
  const api = spawn(
    process.execPath,
    [
      '--heap-growing-percent=25',
      '--max-semi-space-size=4',
      join(root, 'dist/apps/api/apps/api/src/main.js'),
    ],
    {
      env: {
        ...process.env,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        // Benchmarks measure throughput from one caller, not the per-caller limit.
        RATE_LIMIT_PER_MINUTE: '1000000000',
        ...env,
      },
      stdio: 'inherit',
    },
  );
  await started(api, `http://127.0.0.1:${port}/health`);
  return api;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function started(child: ChildProcess, url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`The process exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        (response) => response.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}

/**
 * `clients` loops sending requests for `seconds`; returns completed requests per second (all must succeed). Each
 * request's time in milliseconds goes into `times` when given.
 */
export async function load(
  send: () => Promise<Response>,
  expected: number,
  { clients, seconds }: { clients: number; seconds: number },
  times?: number[],
): Promise<number> {
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const start = performance.now();
        const response = await send();
        await response.arrayBuffer();
        if (response.status !== expected) throw new Error(`Unexpected status ${response.status}`);
        times?.push(performance.now() - start);
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - begun) / 1000);
}

/** The value below which `p` of the sorted samples fall (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export const figure = (value: number) => Math.round(value).toLocaleString('en-GB');

/** What `autocannon -j` reports of a run that matter here. */
export interface CannonResult {
  /** Answers with the expected status per second. */
  rate: number;
  /** Latency percentiles in milliseconds (autocannon's resolution is 1 ms). */
  p50: number;
  p99: number;
}

/**
 * Drives `url` with autocannon in a process of its own (so the load generator never shares the server's event
 * loop, nor this one's), `connections` at once for `seconds`. Every answer must have `expected` status.
 */
export async function cannon(
  url: string,
  expected: number,
  {
    connections,
    seconds,
    method = 'GET',
    headers = {},
    body,
  }: {
    connections: number;
    seconds: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  },
): Promise<CannonResult> {
  const args = ['-j', '-c', String(connections), '-d', String(seconds), '-m', method];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  if (body !== undefined) args.push('-b', body);
  const { stdout } = await promisify(execFile)(join(root, 'node_modules/.bin/autocannon'), [...args, url], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const report = JSON.parse(stdout) as {
    duration: number;
    errors: number;
    timeouts: number;
    statusCodeStats: Record<string, { count: number }>;
    latency: { p50: number; p99: number };
  };
  const unexpected = Object.entries(report.statusCodeStats).filter(([status]) => Number(status) !== expected);
  if (report.errors > 0 || report.timeouts > 0 || unexpected.length > 0)
    throw new Error(
      `${method} ${url}: ${report.errors} errors, ${report.timeouts} timeouts, ` +
        `statuses ${JSON.stringify(report.statusCodeStats)} (expected only ${expected})`,
    );
  const answered = report.statusCodeStats[String(expected)]?.count ?? 0;
  return { rate: answered / report.duration, p50: report.latency.p50, p99: report.latency.p99 };
}

/** A practice as a contributor submits it: ~2 kB, with a contact that the API seals under the person's key. */
export const SUBMISSION = {
  title: 'Benchmark material',
  summary: 'A submission as a contributor would make it.',
  body: '# Heading\n' + 'Some text. '.repeat(200),
  themes: ['asset-management'],
  authorities: ['leeds'],
  links: ['https://example.org'],
  attachments: [],
  contact: { name: 'Bench Mark', email: 'bench@example.org' },
};

/** The built API in its own process (`buildApi` first) on a fresh DATA_DIR, with three enrolled seated networks. */
export interface SeatedApi {
  /** …/api/v1 */
  base: string;
  /** The coordinator (and contributor) of network `a`, holder of its seat. */
  token: string;
  pid: number;
  close(): Promise<void>;
}

export async function startSeatedApi(port: number): Promise<SeatedApi> {
  const facilitator = 'facilitator-token-for-the-http-benchmarks-0123456789';
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-bench-http-'));
  const api = await startBuiltApi(port, { DATA_DIR: dataDir, BOOTSTRAP_TOKEN: facilitator });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const close = async () => {
    await stop(api);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // Loaded here: it brings the whole API's modules, which the benchmarks that do not start one need not load.
    const { enrolSeatedNetworks, httpClient } = await import('../support/running-api');
    const { a } = await enrolSeatedNetworks({ call: httpClient(base), dataDir }, facilitator, [
      'a',
      'b',
      'c',
    ]);
    return { base, token: a.token, pid: api.pid!, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** CPU time (user and system) a process has used so far, in microseconds, from Linux's /proc. */
export function cpuMicroseconds(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux); the name before them may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

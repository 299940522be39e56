/** What the HTTP benchmarks share: the API built and started as `npm start` runs it, and a client load loop. */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

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
  const api = spawn(process.execPath, [join(root, 'dist/apps/api/apps/api/src/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      // Benchmarks measure throughput from one caller, not the per-caller limit.
      RATE_LIMIT_PER_MINUTE: '1000000000',
      ...env,
    },
    stdio: 'inherit',
  });
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

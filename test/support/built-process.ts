import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Builds an app as `npm start` does (tsc with decorator metadata, path aliases rewritten). */
export function build(app: 'api' | 'worker' | 'cli'): void {
  const built = spawnSync(join(root, 'node_modules/.bin/nest'), ['build', app], {
    cwd: root,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`nest build ${app} failed:\n${built.stdout}${built.stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A built app running as its own process, with what it printed so far. */
export interface BuiltProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves once `pattern` appears in its output, or rejects if it exits first or `ms` pass. */
  printed(pattern: RegExp, ms?: number): Promise<void>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

export function runBuilt(app: 'api' | 'worker', env: Record<string, string>): BuiltProcess {
  const child = spawn(process.execPath, [join(root, `dist/apps/${app}/apps/${app}/src/main.js`)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners: Array<() => void> = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    printed: (pattern, ms = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => pattern.test(output) && resolve();
        listeners.push(check);
        check();
        void exited.then((code) =>
          reject(new Error(`${app} exited (${code}) before printing ${pattern}:\n${output}`)),
        );
        setTimeout(
          () => reject(new Error(`${app} did not print ${pattern} in ${ms} ms:\n${output}`)),
          ms,
        ).unref();
      }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

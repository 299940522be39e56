// @ts-check
/**
 * `npm start` and `npm run start:worker`: builds the app only when its sources changed since its last build, runs
 * it, and stops it when npm is stopped. The npm script execs this process, so npm's SIGTERM or SIGINT reaches it
 * rather than a shell that would die and leave the app serving. Usage: `node scripts/start.mjs <api|worker>`.
 * Plain JavaScript (@ts-check lets editors check it against its JSDoc): loading tsx would add half a second to
 * every start.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join, relative } from 'node:path';
import process from 'node:process';

const ROOT = join(import.meta.dirname, '..');
const APPS = ['api', 'worker'];
/** What `nest build` reads: a change to any of these means the last build is stale. */
const BUILD_INPUTS = ['apps', 'libs', 'nest-cli.json', 'package-lock.json'];
const STOP_SIGNALS = /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP']);
/**
 * The old generation grows by a quarter of what it holds after a full collection, not up to four times: catching up
 * a long log allocates fast, and V8's default let the heap grow to three or four times what it held; and the young
 * generation is 8 MB, not 32 (issue 13, target 5: at 100,000 items the API held ~315 MiB under searches with these
 * against ~350 with `--heap-growing-percent=50` alone, and caught up as fast). `--heap-growing-percent` is not
 * allowed in NODE_OPTIONS, so the Dockerfile, docker-compose.yml and the benchmarks' `startBuiltApi` pass both too.
 */
const NODE_FLAGS = ['--heap-growing-percent=25', '--max-semi-space-size=4'];

/** @type {import('node:child_process').ChildProcess | undefined} */
let child;
/** @type {NodeJS.Signals | undefined} */
let stopping;

for (const signal of STOP_SIGNALS) {
  process.on(signal, () => {
    // A Ctrl-C arrives twice (from the terminal and from npm); the app shuts down gracefully on the first signal
    // and would be killed outright by a second. A closed terminal (SIGHUP) stops it gracefully too.
    if (stopping) return;
    stopping = signal === 'SIGHUP' ? 'SIGTERM' : signal;
    child?.kill(stopping);
  });
}

/** @param {string | Buffer} data */
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/**
 * @param {string} path
 * @returns {string[]}
 */
function filesUnder(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function sourcesHash() {
  const rootConfigs = readdirSync(ROOT).filter((name) => /^tsconfig.*\.json$/.test(name));
  const files = [...BUILD_INPUTS, ...rootConfigs]
    .flatMap((input) => filesUnder(join(ROOT, input)))
    .map((path) => relative(ROOT, path))
    .sort();
  return sha256(files.map((file) => `${file} ${sha256(readFileSync(join(ROOT, file)))}\n`).join(''));
}

/**
 * Runs a command to its end; the app gets its own process group so that only this process signals it.
 * @param {string} file
 * @param {string[]} args
 * @param {boolean} ownProcessGroup
 * @returns {Promise<number>}
 */
function run(file, args, ownProcessGroup) {
  return new Promise((resolve, reject) => {
    child = spawn(file, args, { cwd: ROOT, stdio: 'inherit', detached: ownProcessGroup });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? 128 + constants.signals[signal ?? 'SIGTERM']));
  });
}

/** @param {string} app */
async function start(app) {
  // nest build empties dist/apps/<app> first, so a build that fails or is stopped leaves no stamp behind.
  const stamp = join(ROOT, 'dist/apps', app, '.sources-sha256');
  const hash = sourcesHash();
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash) {
    const built = await run(join(ROOT, 'node_modules/.bin/nest'), ['build', app], false);
    if (built !== 0) return built;
    writeFileSync(stamp, hash);
  }
  if (stopping) return 128 + constants.signals[stopping];
  return run(
    process.execPath,
    [...NODE_FLAGS, join(ROOT, 'dist/apps', app, 'apps', app, 'src/main.js')],
    true,
  );
}

const app = process.argv[2] ?? '';
if (!APPS.includes(app)) {
  process.stderr.write(`Usage: node scripts/start.mjs <${APPS.join('|')}>\n`);
  process.exit(2);
}
start(app).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  },
);

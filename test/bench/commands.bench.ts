/**
 * Command benchmark: `npm run bench:commands`. Submit-practice commands per second over HTTP from 32 concurrent
 * clients against the built API in its own process, beside a plain node:http handler answering JSON in a process of
 * its own, both driven by the same client loop in this process.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrolSeatedNetworks, httpClient } from '../support/running-api';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = 32;
const FACILITATOR = 'facilitator-token-for-the-command-benchmark-0123456789';
const root = join(__dirname, '../..');
const practice = {
  title: 'Benchmark material',
  summary: 'A submission as a contributor would make it.',
  body: '# Heading\n' + 'Some text. '.repeat(200),
  themes: ['asset-management'],
  authorities: ['leeds'],
  links: ['https://example.org'],
  attachments: [],
  contact: { name: 'Bench Mark', email: 'bench@example.org' },
};

const PLAIN_SERVER = `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => {
  res.writeHead(201, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ practiceId: '00000000-0000-4000-8000-000000000000', version: 1, position: 1 })); });
}).listen(Number(process.env.PORT), '127.0.0.1');`;

async function started(child: ChildProcess, url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`The process exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}

/** `CLIENTS` loops sending requests for SECONDS; returns completed requests per second (all must succeed). */
async function load(send: () => Promise<Response>, expected: number): Promise<number> {
  let done = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const response = await send();
        await response.arrayBuffer();
        if (response.status !== expected) throw new Error(`Unexpected status ${response.status}`);
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - begun) / 1000);
}

async function main() {
  const body = JSON.stringify(practice);
  const json = { 'content-type': 'application/json' };

  const plain = spawn(process.execPath, ['-e', PLAIN_SERVER], {
    env: { ...process.env, PORT: '39091' },
    stdio: 'inherit',
  });
  await started(plain, 'http://127.0.0.1:39091/');
  const baseline = await load(
    () => fetch('http://127.0.0.1:39091/practices', { method: 'POST', headers: json, body }),
    201,
  );
  plain.kill();

  // The API as `npm start` runs it: built by tsc, in its own process.
  const build = spawnSync(join(root, 'node_modules/.bin/nest'), ['build', 'api'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('nest build api failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-bench-commands-'));
  const api = spawn(process.execPath, [join(root, 'dist/apps/api/apps/api/src/main.js')], {
    env: {
      ...process.env,
      PORT: '39092',
      DATA_DIR: dataDir,
      BOOTSTRAP_TOKEN: FACILITATOR,
      LOG_LEVEL: 'warn',
      // The benchmark measures throughput, not the per-caller limit.
      RATE_LIMIT_PER_MINUTE: '1000000000',
    },
    stdio: 'inherit',
  });
  try {
    await started(api, 'http://127.0.0.1:39092/health');
    const base = 'http://127.0.0.1:39092/api/v1';
    const { a } = await enrolSeatedNetworks({ call: httpClient(base) }, FACILITATOR, ['a', 'b', 'c']);
    const headers = { ...json, authorization: `Bearer ${a.token}` };
    const submits = await load(() => fetch(`${base}/practices`, { method: 'POST', headers, body }), 201);

    console.log(
      `\nCommand benchmark: ${CLIENTS} concurrent clients, ${SECONDS} s per figure, node ${process.version}\n`,
    );
    console.log(
      `plain node:http handler answering JSON   ${Math.round(baseline).toLocaleString('en-GB').padStart(8)} requests/s  (baseline)`,
    );
    console.log(
      `POST /api/v1/practices (SubmitPractice)  ${Math.round(submits).toLocaleString('en-GB').padStart(8)} commands/s  ` +
        `${((100 * submits) / baseline).toFixed(0)}% of baseline`,
    );
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

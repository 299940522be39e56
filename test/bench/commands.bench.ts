/**
 * Command benchmark: `npm run bench:commands`. Submit-practice commands per second over HTTP from 32 concurrent
 * clients against the built API in its own process, beside a plain node:http handler answering JSON in a process of
 * its own, both driven by the same client loop in this process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrolSeatedNetworks, httpClient } from '../support/running-api';
import { buildApi, figure, load, started, startBuiltApi, stop } from './bench-support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = 32;
const FACILITATOR = 'facilitator-token-for-the-command-benchmark-0123456789';
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

async function main() {
  const body = JSON.stringify(practice);
  const json = { 'content-type': 'application/json' };
  const run = { clients: CLIENTS, seconds: SECONDS };

  const plain = spawn(process.execPath, ['-e', PLAIN_SERVER], {
    env: { ...process.env, PORT: '39091' },
    stdio: 'inherit',
  });
  await started(plain, 'http://127.0.0.1:39091/');
  const baseline = await load(
    () => fetch('http://127.0.0.1:39091/practices', { method: 'POST', headers: json, body }),
    201,
    run,
  );
  await stop(plain);

  buildApi();
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-bench-commands-'));
  const api = await startBuiltApi(39092, { DATA_DIR: dataDir, BOOTSTRAP_TOKEN: FACILITATOR });
  try {
    const base = 'http://127.0.0.1:39092/api/v1';
    const { a } = await enrolSeatedNetworks({ call: httpClient(base), dataDir }, FACILITATOR, [
      'a',
      'b',
      'c',
    ]);
    const headers = { ...json, authorization: `Bearer ${a.token}` };
    const submits = await load(() => fetch(`${base}/practices`, { method: 'POST', headers, body }), 201, run);

    console.log(
      `\nCommand benchmark: ${CLIENTS} concurrent clients, ${SECONDS} s per figure, node ${process.version}\n`,
    );
    console.log(
      `plain node:http handler answering JSON   ${figure(baseline).padStart(8)} requests/s  (baseline)`,
    );
    console.log(
      `POST /api/v1/practices (SubmitPractice)  ${figure(submits).padStart(8)} commands/s  ` +
        `${((100 * submits) / baseline).toFixed(0)}% of baseline`,
    );
  } finally {
    await stop(api);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Command benchmark: `npm run bench:commands`. Submit-practice commands per second over HTTP from 32 concurrent
 * clients against the built API in its own process, beside a plain node:http handler answering JSON in a process of
 * its own, both driven by the same client loop in this process.
 */
import { spawn } from 'node:child_process';
import { freePort } from '../support/built-process';
import { buildApi, figure, load, started, startSeatedApi, stop, SUBMISSION } from './bench-support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = 32;

const PLAIN_SERVER = `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => {
  res.writeHead(201, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ practiceId: '00000000-0000-4000-8000-000000000000', version: 1, position: 1 })); });
}).listen(Number(process.env.PORT), '127.0.0.1');`;

async function main() {
  const body = JSON.stringify(SUBMISSION);
  const json = { 'content-type': 'application/json' };
  const run = { clients: CLIENTS, seconds: SECONDS };

  const plainPort = await freePort();
  const plain = spawn(process.execPath, ['-e', PLAIN_SERVER], {
    env: { ...process.env, PORT: String(plainPort) },
    stdio: 'inherit',
  });
  await started(plain, `http://127.0.0.1:${plainPort}/`);
  const baseline = await load(
    () => fetch(`http://127.0.0.1:${plainPort}/practices`, { method: 'POST', headers: json, body }),
    201,
    run,
  );
  await stop(plain);

  buildApi();
  const api = await startSeatedApi(await freePort());
  try {
    const headers = { ...json, authorization: `Bearer ${api.token}` };
    const submits = await load(
      () => fetch(`${api.base}/practices`, { method: 'POST', headers, body }),
      201,
      run,
    );

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
    await api.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

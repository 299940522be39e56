/**
 * Jobs benchmark: `npm run bench:jobs`. End to end, events appended to the log → signed webhook deliveries received
 * by a loopback receiver, per second: through the in-process job queue (the API without REDIS_URL) and through
 * BullMQ (the built worker, with REDIS_URL), beside raw BullMQ jobs that each POST the same body to the same
 * receiver (no signing, no records) in a process of their own, at the same concurrency; the receiver and the
 * appender (a second process on the SQLite log, as replicas are) run in this one.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventData, SqliteEventStore } from '@app/event-store';
import { build, BuiltProcess, freePort, runBuilt } from '../support/built-process';
import { figure, root } from './bench-support';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
const CONCURRENCY = 16;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FACILITATOR = 'facilitator-token-for-the-jobs-benchmark-0123456789';
const PREFIX = `bench-jobs-${process.pid}`;

/** Counts the POSTs it receives and resolves `done` at `expected`. */
async function receiver() {
  let received = 0;
  let expected = Infinity;
  let finish: () => void = () => undefined;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(204).end();
      if ((received += 1) >= expected) finish();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    expect(count: number): Promise<void> {
      received = 0;
      expected = count;
      return new Promise((resolve) => (finish = resolve));
    },
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

type Receiver = Awaited<ReturnType<typeof receiver>>;

/** Motions proposed, appended in batches of 50 per stream as fast as the store takes them. */
function motions(count: number): EventData[][] {
  const batches: EventData[][] = [];
  for (let first = 0; first < count; first += 50)
    batches.push(
      Array.from({ length: Math.min(50, count - first) }, () => ({
        id: randomUUID(),
        type: 'MotionProposed',
        data: {
          motionId: randomUUID(),
          closesAt: '2099-01-01T00:00:00.000Z',
          proposedBy: { personId: 'bench', networkId: 'nht-network' },
          kind: 'set-priorities',
          payload: { period: '2027-Q1', themes: ['carriageways', 'drainage'] },
        },
        metadata: { occurredAt: new Date().toISOString() },
      })),
    );
  return batches;
}

/** Appends `EVENTS` events and waits until the receiver has had a delivery of each: deliveries per second. */
async function appendAndReceive(dataDir: string, hook: Receiver): Promise<number> {
  // Another process on the same file, as replicas are: the API's subscription sees the commits within 100 ms.
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  try {
    const received = hook.expect(EVENTS);
    const begun = performance.now();
    for (const batch of motions(EVENTS)) await store.appendToStream(`motion-bench-${randomUUID()}`, batch);
    await received;
    return EVENTS / ((performance.now() - begun) / 1000);
  } finally {
    await store.close();
  }
}

/** The built API (and worker, with REDIS_URL) on a fresh DATA_DIR, with the facilitator network's webhook. */
async function deliveringTo(
  hook: Receiver,
  env: Record<string, string>,
  measure: (dataDir: string) => Promise<number>,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-bench-jobs-'));
  const port = await freePort();
  const common = {
    DATA_DIR: dataDir,
    BOOTSTRAP_TOKEN: FACILITATOR,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    JOB_CONCURRENCY: String(CONCURRENCY),
    JOB_QUEUE_PREFIX: PREFIX,
    ...env,
  };
  const processes: BuiltProcess[] = [runBuilt('api', { ...common, PORT: String(port), LOG_LEVEL: 'info' })];
  try {
    await processes[0].printed(/listening on port/);
    if (env.REDIS_URL) {
      processes.push(
        runBuilt('worker', { ...common, LOG_LEVEL: 'info', WORKER_HEALTH_PORT: String(await freePort()) }),
      );
      await processes[1].printed(/worker started/);
    }
    const registered = await fetch(`http://127.0.0.1:${port}/api/v1/networks/nht-network/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FACILITATOR}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: hook.url }),
    });
    if (registered.status !== 201) throw new Error(`Registering the webhook: ${await registered.text()}`);
    return await measure(dataDir);
  } finally {
    await Promise.all(processes.map((process) => process.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The baseline, in a process of its own as the worker is: BullMQ jobs each POSTing the body, nothing else. */
const RAW_WORKER = `
const { Queue, Worker } = require('bullmq');
const IORedis = require('ioredis');
const { Agent, request } = require('node:http');
const { URL: url, REDIS_URL, PREFIX, CONCURRENCY, EVENTS, BODY: body } = process.env;
const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
const agent = new Agent({ keepAlive: true });
const post = () => new Promise((resolve, reject) => {
  const outgoing = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } });
  outgoing.on('response', (response) => response.resume().on('end', resolve));
  outgoing.on('error', reject);
  outgoing.end(body);
});
const worker = new Worker('raw', post, { connection, prefix: PREFIX, concurrency: Number(CONCURRENCY) });
const queue = new Queue('raw', { connection, prefix: PREFIX });
(async () => {
  await worker.waitUntilReady();
  process.stdout.write('ready');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  for (let first = 0; first < Number(EVENTS); first += 50)
    await queue.addBulk(Array.from({ length: Math.min(50, Number(EVENTS) - first) }, () =>
      ({ name: 'raw', data: { body }, opts: { removeOnComplete: true } })));
  await new Promise((resolve) => process.stdin.once('data', resolve));
  await worker.close();
  await queue.obliterate({ force: true });
  process.exit(0);
})();
`;

async function rawBullmq(hook: Receiver, body: string): Promise<number> {
  const env = {
    ...process.env,
    URL: hook.url,
    REDIS_URL,
    PREFIX,
    CONCURRENCY: String(CONCURRENCY),
    EVENTS: String(EVENTS),
    BODY: body,
  };
  const child = spawn(process.execPath, ['-e', RAW_WORKER], {
    cwd: root,
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  const received = hook.expect(EVENTS);
  const begun = performance.now();
  child.stdin!.write('go\n');
  await received;
  const rate = EVENTS / ((performance.now() - begun) / 1000);
  child.stdin!.write('stop\n');
  await new Promise((resolve) => child.once('exit', resolve));
  return rate;
}

async function main() {
  const hook = await receiver();
  // A delivery's body as the service sends it: the raw jobs POST the same bytes.
  const body = JSON.stringify({
    type: 'motion.proposed',
    timestamp: new Date().toISOString(),
    data: motions(1)[0][0].data,
  });
  try {
    build('api');
    build('worker');
    const raw = await rawBullmq(hook, body);
    const bullmq = await deliveringTo(hook, { REDIS_URL }, (dataDir) => appendAndReceive(dataDir, hook));
    const local = await deliveringTo(hook, {}, (dataDir) => appendAndReceive(dataDir, hook));
    const ratio = (value: number) => `${Math.round((100 * value) / raw)}%`;
    console.log(
      [
        `\nJobs benchmark: ${EVENTS} events, ${CONCURRENCY} jobs at once, node ${process.version}\n`,
        `raw BullMQ jobs POSTing the body (baseline)            ${figure(raw).padStart(7)} deliveries/s`,
        `events → signed deliveries, BullMQ (built worker)      ${figure(bullmq).padStart(7)} deliveries/s  ${ratio(bullmq)}`,
        `events → signed deliveries, in-process (built API)     ${figure(local).padStart(7)} deliveries/s  ${ratio(local)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await hook.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import IORedis from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { build, BuiltProcess, freePort, runBuilt } from '../support/built-process';
import { eventually } from '../support/eventually';
import { enrolSeatedNetworks, RunningApi, startApi } from '../support/running-api';
import { receivedAbout, WebhookReceiver, webhookCoordinator } from '../support/webhook-receiver';

const FACILITATOR = 'facilitator-token-for-the-webhook-worker-test-012345';

/** A redis-server of this suite's own (append-only, fsync always), so it can be killed and restarted. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
    { stdio: 'ignore' },
  );
  await eventually('redis-server answering', async () => {
    const probe = new IORedis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null });
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  });
  return server;
}

/**
 * Deliveries through BullMQ in the built worker (as production runs it), the API in this process adding nothing
 * but commands: the worker killed mid-delivery, stopped gracefully mid-delivery, Redis killed and restarted.
 */
describe('webhook deliveries in the worker, on BullMQ', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-webhook-worker-'));
  const redisDir = mkdtempSync(join(tmpdir(), 'cns-webhook-worker-redis-'));
  let redisPort: number;
  let redis: ChildProcess;
  let receiver: WebhookReceiver;
  let api: RunningApi;
  let worker: BuiltProcess;
  let a: { token: string; personId: string };
  let env: Record<string, string>;

  const startWorker = async () => {
    worker = runBuilt('worker', { ...env, LOG_LEVEL: 'info', WORKER_HEALTH_PORT: String(await freePort()) });
    await worker.printed(/worker started/);
  };

  beforeAll(async () => {
    build('worker');
    redisPort = await freePort();
    redis = await startRedis(redisPort, redisDir);
    env = {
      DATA_DIR: dataDir,
      BOOTSTRAP_TOKEN: FACILITATOR,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      JOB_QUEUE_PREFIX: `test-webhook-worker-${process.pid}`,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      JOB_BACKOFF_MS: '300',
      JOB_MAX_BACKOFF_MS: '2000',
      JOB_STALLED_MS: '1500',
      LOG_LEVEL: 'warn',
    };
    receiver = await WebhookReceiver.start();
    api = await startApi('webhook-worker', env, { dataDir });
    ({ a } = await enrolSeatedNetworks(api, FACILITATOR, ['a']));
    await startWorker();
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await receiver?.close();
    redis?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(redisDir, { recursive: true, force: true });
  });

  const register = (path: string) => webhookCoordinator(api, receiver, 'a', a.token).register(path);
  const submit = (title: string) => webhookCoordinator(api, receiver, 'a', a.token).submit(title);
  const deliveryOf = async (webhookId: string, practiceId: string) => {
    const ids = receiver.received
      .filter((r) => r.body.includes(practiceId))
      .map((r) => r.headers['webhook-id']);
    const deliveries = await webhookCoordinator(api, receiver, 'a', a.token).deliveries(webhookId);
    return deliveries.find((d: { deliveryId: string }) => ids.includes(d.deliveryId));
  };
  const submittedTo = (path: string, practiceId: string) => receivedAbout(receiver, path, practiceId);

  it('delivers once, signed, from the worker', async () => {
    const hook = await register('/worker');
    const practiceId = await submit('Through BullMQ');
    await eventually('the delivery', () => submittedTo('/worker', practiceId).length === 1);
    const [request] = submittedTo('/worker', practiceId);
    expect(
      new Webhook(hook.secret).verify(request.body, request.headers as Record<string, string>),
    ).toMatchObject({
      type: 'practice.submitted',
      data: { practiceId },
    });
    await eventually(
      'recorded',
      async () => (await deliveryOf(hook.webhookId, practiceId))?.status === 'delivered',
    );
  });

  it('the worker killed with SIGKILL mid-delivery: after a restart the delivery is made and recorded once', async () => {
    receiver.answer = (request, earlier) => ({
      status: 200,
      delayMs: request.path === '/killed' && earlier.length === 0 ? 10_000 : 0,
    });
    const hook = await register('/killed');
    const practiceId = await submit('Killed mid-delivery');
    await eventually('the delivery in flight', () => submittedTo('/killed', practiceId).length === 1);
    worker.child.kill('SIGKILL');
    await worker.stop();
    await startWorker();
    const delivery = await eventually(
      'delivered after the restart',
      async () => {
        const found = await deliveryOf(hook.webhookId, practiceId);
        return found?.status === 'delivered' && found;
      },
      { timeoutMs: 15_000 },
    );
    expect(delivery.attempts.map((attempt: { status: number }) => attempt.status)).toEqual([200]);
    const requests = submittedTo('/killed', practiceId);
    expect(requests).toHaveLength(2);
    expect(requests[1].headers['webhook-id']).toBe(requests[0].headers['webhook-id']);
  }, 30_000);

  it('SIGTERM lets a delivery in flight finish and be recorded before the worker exits', async () => {
    receiver.answer = (request) => ({ status: 200, delayMs: request.path === '/draining' ? 1_500 : 0 });
    const hook = await register('/draining');
    const practiceId = await submit('Finished while stopping');
    await eventually('the delivery in flight', () => submittedTo('/draining', practiceId).length === 1);
    expect(await worker.stop()).toBe(0);
    // No worker runs now: what the log says, the stopping worker recorded.
    const delivery = await deliveryOf(hook.webhookId, practiceId);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: [{ status: 200 }] });
    await startWorker();
  }, 30_000);

  it('Redis killed and restarted mid-run: no job is lost, and the log consumed again delivers nothing twice', async () => {
    let down = true;
    receiver.answer = (request) => ({ status: request.path === '/redis' && down ? 503 : 200 });
    const hook = await register('/redis');
    const waiting = await submit('A retry waiting in Redis');
    await eventually('a failed attempt', () => submittedTo('/redis', waiting).length >= 1);
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    // Appended while Redis is down: the worker's reactor holds its checkpoint until the job is queued.
    const appended = await submit('Appended while Redis was down');
    down = false;
    redis = await startRedis(redisPort, redisDir);
    for (const practiceId of [waiting, appended])
      await eventually(
        'delivered after Redis came back',
        async () => (await deliveryOf(hook.webhookId, practiceId))?.status === 'delivered',
        { timeoutMs: 20_000 },
      );
    expect(submittedTo('/redis', appended)).toHaveLength(1);

    // The worker's delivery reactor forgets how far it got and consumes the whole log again.
    await worker.stop();
    const before = receiver.received.length;
    const reactors = new Database(join(dataDir, 'reactors.sqlite'));
    reactors.prepare(`DELETE FROM reactor_checkpoints WHERE name = 'webhook-deliveries'`).run();
    reactors.close();
    await startWorker();
    const later = await submit('After the replay');
    await eventually(
      'the later event delivered to each webhook',
      () => receiver.received.slice(before).filter((r) => r.body.includes(later)).length === 4,
    );
    expect(receiver.received.slice(before).every((r) => r.body.includes(later))).toBe(true);
  }, 60_000);
});

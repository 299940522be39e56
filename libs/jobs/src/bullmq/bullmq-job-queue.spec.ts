import { spawn } from 'node:child_process';
import IORedis from 'ioredis';
import { freePort } from '../../../../test/support/built-process';
import { eventually } from '../../../../test/support/eventually';
import { jobRunnerContract, TEST_RETRY } from '../testing/job-queue.contract';
import { BullmqJobQueue, RedisEvictsKeys } from './bullmq-job-queue';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** Real Redis at 127.0.0.1:6379 (`.ci/run` starts one), under a prefix of this run's own. */
describe('BullmqJobQueue', () => {
  const prefix = `test-jobs-${process.pid}-${Date.now()}`;
  let tests = 0;
  let testPrefix = prefix;
  beforeEach(() => (testPrefix = `${prefix}-${(tests += 1)}`));
  afterAll(async () => {
    const redis = new IORedis(REDIS_URL);
    const keys = await redis.keys(`${prefix}-*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  jobRunnerContract(() =>
    BullmqJobQueue.connect(REDIS_URL, {
      ...TEST_RETRY,
      prefix: testPrefix,
      concurrency: 4,
      stalledMs: 1_000,
    }),
  );

  it('makes one run per due time of a schedule, however many processes register it', async () => {
    const options = { ...TEST_RETRY, prefix: testPrefix, concurrency: 1, stalledMs: 1_000 };
    const processes = [
      await BullmqJobQueue.connect(REDIS_URL, options),
      await BullmqJobQueue.connect(REDIS_URL, options),
    ];
    const runs = [0, 0];
    const everyMs = 250;
    const started = Date.now();
    await Promise.all(
      processes.map((runner, index) =>
        runner.startSchedules([{ name: 'shared', everyMs, run: async () => void (runs[index] += 1) }]),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await Promise.all(processes.map((runner) => runner.close()));
    const dueTimes = Math.ceil((Date.now() - started) / everyMs);
    // On a timer each would run about dueTimes rounds; together they made one per due time.
    expect(runs[0] + runs[1]).toBeGreaterThanOrEqual(dueTimes - 3);
    expect(runs[0] + runs[1]).toBeLessThanOrEqual(dueTimes + 1);
  });

  it('refuses a Redis that may evict keys, saying why', async () => {
    const port = await freePort();
    const server = spawn('redis-server', [
      '--port',
      String(port),
      '--save',
      '',
      '--maxmemory-policy',
      'allkeys-lru',
    ]);
    try {
      const url = `redis://127.0.0.1:${port}`;
      await eventually('redis-server answering', async () => {
        const probe = new IORedis(url, { lazyConnect: true, retryStrategy: () => null });
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } finally {
          probe.disconnect();
        }
      });
      const refused = BullmqJobQueue.connect(url, {
        ...TEST_RETRY,
        prefix,
        concurrency: 1,
        stalledMs: 1_000,
      });
      await expect(refused).rejects.toThrow(RedisEvictsKeys);
      await expect(refused).rejects.toThrow(/maxmemory-policy allkeys-lru.*noeviction/);
    } finally {
      server.kill();
    }
  });
});

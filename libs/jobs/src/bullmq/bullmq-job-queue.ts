import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { backoffDelayMs, Job, JobCounts, JobHandler, JobRunner, RetryPolicy, Schedule } from '../job-queue';

export interface BullmqJobQueueOptions extends RetryPolicy {
  /** BullMQ's key prefix. */
  prefix: string;
  concurrency: number;
  /** Lock duration and stalled-check interval: a job whose worker died is taken up again within about this. */
  stalledMs: number;
}

/** Completed jobs are kept a week (failed ones a month), so job-id de-duplication outlasts every retry window. */
const KEEP_COMPLETED_SECONDS = 7 * 24 * 3600;
const KEEP_FAILED_SECONDS = 30 * 24 * 3600;
const BACKOFF = 'capped-exponential';

export class RedisEvictsKeys extends Error {
  override readonly name = 'RedisEvictsKeys';
}

/**
 * Jobs on BullMQ, one queue per handler: attempts with capped exponential backoff, stalled-job recovery, finished
 * jobs kept by age, and a drain on stop that lets running jobs finish. Any process may add; the worker runs them.
 */
export class BullmqJobQueue extends JobRunner {
  private readonly logger = new Logger('Jobs');
  private readonly queues = new Map<string, Queue>();
  private workers: Worker[] = [];
  private scheduleWorkers: Worker[] = [];

  private constructor(
    private readonly redis: Redis,
    private readonly options: BullmqJobQueueOptions,
  ) {
    super();
  }

  /**
   * Connects and refuses a Redis that may evict keys: BullMQ keeps jobs and locks in keys, and an evicted one is a
   * job lost without a trace.
   */
  static async connect(url: string, options: BullmqJobQueueOptions): Promise<BullmqJobQueue> {
    // Workers block on Redis: BullMQ needs commands to wait for a reconnection rather than fail after retries.
    const redis = new IORedis(url, { maxRetriesPerRequest: null });
    try {
      const policy = /^maxmemory_policy:(\S+)/m.exec(await redis.info('memory'))?.[1];
      if (policy !== 'noeviction')
        throw new RedisEvictsKeys(
          `Redis at REDIS_URL has maxmemory-policy ${policy ?? 'unknown'}: it may evict queued jobs. ` +
            'Set maxmemory-policy noeviction (redis.conf or CONFIG SET) before starting',
        );
    } catch (error) {
      redis.disconnect();
      throw error;
    }
    return new BullmqJobQueue(redis, options);
  }

  async add(job: Job): Promise<void> {
    await this.queue(job.handler).add(job.handler, job.data, this.optionsFor(job));
  }

  /** One `addBulk` per queue: a round trip for the lot. */
  async addAll(jobs: Job[]): Promise<void> {
    const byHandler = new Map<string, Job[]>();
    for (const job of jobs) byHandler.set(job.handler, [...(byHandler.get(job.handler) ?? []), job]);
    await Promise.all(
      [...byHandler].map(([handler, some]) =>
        this.queue(handler).addBulk(
          some.map((job) => ({ name: handler, data: job.data, opts: this.optionsFor(job) })),
        ),
      ),
    );
  }

  private optionsFor(job: Job) {
    return {
      jobId: bullmqId(job.id),
      delay: job.delayMs,
      attempts: this.options.attempts,
      backoff: { type: BACKOFF },
      removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
      removeOnFail: { age: KEEP_FAILED_SECONDS },
    };
  }

  start(handlers: JobHandler[]): Promise<void> {
    this.workers = handlers.map((handler) => {
      const worker = new Worker(
        handler.name,
        async (job) => {
          const attempt = job.attemptsMade + 1;
          await handler.run(job.data, {
            id: jobIdOf(job.id!),
            attempt,
            last: attempt >= (job.opts.attempts ?? 1),
          });
        },
        {
          connection: this.redis,
          prefix: this.options.prefix,
          concurrency: this.options.concurrency,
          lockDuration: this.options.stalledMs,
          stalledInterval: this.options.stalledMs,
          // A job whose worker dies repeatedly mid-run is still retried, not failed at the first stall.
          maxStalledCount: 10,
          settings: { backoffStrategy: (failures: number) => backoffDelayMs(failures, this.options) },
        },
      );
      worker.on('failed', (job, error) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
          this.logger.error(
            `${handler.name} job ${job.id} given up after ${job.attemptsMade} attempts: ${error.message}`,
          );
      });
      worker.on('error', (error) => this.logger.warn(`${handler.name} worker: ${error.message}`));
      return worker;
    });
    return Promise.all(this.workers.map((worker) => worker.waitUntilReady())).then(() => undefined);
  }

  /** `Worker.close()` waits for the jobs running to finish. */
  async stop(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.close()));
  }

  /**
   * A BullMQ job scheduler per schedule (upserted by every process that registers it, so one stands), on a queue
   * of its own that only those processes take from: each due time makes one job, run by one of them. A round that
   * fails is not retried: the next due time comes soon enough.
   */
  async startSchedules(schedules: Schedule[]): Promise<void> {
    for (const schedule of schedules) {
      const name = `schedule.${schedule.name}`;
      await this.queue(name).upsertJobScheduler(
        schedule.name,
        { every: schedule.everyMs },
        { name: schedule.name, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
      );
      const worker = new Worker(name, () => schedule.run(), {
        connection: this.redis,
        prefix: this.options.prefix,
        concurrency: 1,
        lockDuration: this.options.stalledMs,
        stalledInterval: this.options.stalledMs,
      });
      worker.on('failed', (_, error) =>
        this.logger.error(`${schedule.name} failed this round: ${error.message}`),
      );
      worker.on('error', (error) => this.logger.warn(`${schedule.name} worker: ${error.message}`));
      this.scheduleWorkers.push(worker);
    }
    await Promise.all(this.scheduleWorkers.map((worker) => worker.waitUntilReady()));
  }

  async stopSchedules(): Promise<void> {
    await Promise.all(this.scheduleWorkers.splice(0).map((worker) => worker.close()));
  }

  async close(): Promise<void> {
    await this.stopSchedules();
    await this.stop();
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.redis.quit().catch(() => undefined);
  }

  async counts(): Promise<Record<string, JobCounts>> {
    const names = new Set([...this.queues.keys(), ...this.workers.map((worker) => worker.name)]);
    const entries = await Promise.all(
      [...names].map(async (name) => {
        const {
          waiting = 0,
          active = 0,
          delayed = 0,
          failed = 0,
        } = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed');
        return [name, { waiting, active, delayed, failed }] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.options.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }
}

/** BullMQ keeps `:` for its keys: our ids' colons are escaped, reversibly. */
function bullmqId(id: string): string {
  return id.replace(/%/g, '%25').replace(/:/g, '%3A');
}

function jobIdOf(id: string): string {
  return id.replace(/%3A/g, ':').replace(/%25/g, '%');
}

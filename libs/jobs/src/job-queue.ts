import { retryDelayMs } from '@app/event-store';

/**
 * Work that must happen after an event, durably, at least once: a webhook delivery, a mail, a reminder. Reactors
 * turn events into jobs whose ids derive from the event's id and the handler's name, so an event replayed after a
 * crash adds nothing new. Adapters: BullMQ when `REDIS_URL` is set, in-process (durable in `DATA_DIR`) otherwise.
 */
export interface Job<T = unknown> {
  /** The handler that runs it (a queue in BullMQ). */
  readonly handler: string;
  /** Stable for the same work: a job added again with an id still kept is not added twice. */
  readonly id: string;
  readonly data: T;
  /** Not before this many milliseconds from now. */
  readonly delayMs?: number;
}

export abstract class JobQueue {
  abstract add(job: Job): Promise<void>;
}

/** What a handler is told about the run it is in; it throws to be retried with backoff. */
export interface JobRun {
  readonly id: string;
  /** 1 on the first run. */
  readonly attempt: number;
  /** No attempt follows this one if it fails: a handler records the work given up. */
  readonly last: boolean;
}

export interface JobHandler<T = unknown> {
  readonly name: string;
  run(data: T, run: JobRun): Promise<void>;
}

/** How failed jobs are retried: `attempts` runs in all, waiting `backoffMs`·2^(n−1), at most `maxBackoffMs`. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
}

/** The wait before the run after the `failures`th failed one. */
export function backoffDelayMs(failures: number, policy: RetryPolicy): number {
  return retryDelayMs(failures, { firstDelayMs: policy.backoffMs, maxDelayMs: policy.maxBackoffMs });
}

/** Jobs waiting, running, waiting for a retry or a due time, and given up: for `/health` and operators. */
export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/**
 * Work due every `everyMs` that time, not an event, calls for (closing motions, signing checkpoints, reminders,
 * digests, reports). Each process that can do it registers it; with BullMQ one run per due time is made across
 * them all, in-process each process runs it on a timer. `run` must be safe to repeat (its commands' ids derive from
 * what they concern), as a round can be cut short by a crash.
 */
export interface Schedule {
  readonly name: string;
  readonly everyMs: number;
  run(): Promise<unknown>;
}

/** An adapter that also runs the handlers: the process that does the work starts it, any process may `add`. */
export abstract class JobRunner extends JobQueue {
  /** Adds them all at once (one transaction, one round trip), as `add` would one by one. */
  abstract addAll(jobs: Job[]): Promise<void>;
  /** Starts running `handlers`' jobs (from `add`ed ones of those names). */
  abstract start(handlers: JobHandler[]): Promise<void>;
  /** Takes no new job, waits for those running. */
  abstract stop(): Promise<void>;
  /** Stops and lets go of its store. */
  abstract close(): Promise<void>;
  abstract counts(): Promise<Record<string, JobCounts>>;
  /** Runs `schedules` from now on; `stopSchedules` waits for a round that runs. */
  abstract startSchedules(schedules: Schedule[]): Promise<void>;
  abstract stopSchedules(): Promise<void>;
}

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

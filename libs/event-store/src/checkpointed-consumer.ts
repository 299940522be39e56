import { setImmediate as nextTurn } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { AllSubscription, EventStore, RecordedEvent } from './event-store';

/** `failing` until an attempt succeeds again; `stopped` before `start()` and after `stop()`. */
export type ConsumerState = 'running' | 'catching-up' | 'failing' | 'stopped';

/** What a consumer of `$all` says about itself, for `/health` and operators. Positions are strings, as in the API. */
export interface ConsumerStatus {
  name: string;
  state: ConsumerState;
  /** The message of the last failure, kept after recovery so that a flapping consumer can be diagnosed. */
  lastError: string | null;
  /** Failed attempts since the last committed batch. */
  retries: number;
  checkpoint: string | null;
  head: string;
  /** Head position minus checkpoint: positions, which with EventStoreDB are bytes of log rather than events. */
  lag: number;
}

export interface RetryOptions {
  firstDelayMs: number;
  maxDelayMs: number;
}

export interface CheckpointedConsumerOptions {
  /** Most events handed to `commit` at once. */
  batchSize?: number;
  retry?: Partial<RetryOptions>;
}

export const DEFAULT_RETRY: RetryOptions = { firstDelayMs: 100, maxDelayMs: 30_000 };

/** Exponential backoff: the first retry waits `firstDelayMs`, each next one twice as long, never over `maxDelayMs`. */
export function retryDelayMs(retries: number, { firstDelayMs, maxDelayMs }: RetryOptions): number {
  return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(Math.max(retries - 1, 0), 30));
}

const IDLE = Symbol('idle');
/** Longest a consumer goes on committing batches without letting the event loop turn. */
const TURN_EVERY_MS = 10;

/** The consumers started on each store, so that `/health` finds them all without each one being wired to it. */
const started = new WeakMap<EventStore, Set<CheckpointedConsumer>>();

/** The consumers following `store` now (started and not stopped). */
export function consumersFollowing(store: EventStore): CheckpointedConsumer[] {
  return [...(started.get(store) ?? [])];
}

/**
 * Follows `$all` from a checkpoint and hands the events to `commit`, which does the subclass's work and saves the
 * checkpoint of the batch's last event. Whatever goes wrong (`commit` throws, the subscription throws or ends on an
 * EventStoreDB restart or leader change), the consumer drops the subscription, waits with exponential backoff and
 * resumes from its checkpoint: no event is skipped or committed twice, and nothing is thrown out of the loop, so a
 * fault can never crash the process. Its `status()` reports the fault meanwhile.
 */
export abstract class CheckpointedConsumer {
  /** The global position of the last event committed; the subclass sets it from its store when created. */
  protected checkpoint: bigint | undefined;
  protected readonly logger: Logger;
  private readonly batchSize: number;
  private readonly retry: RetryOptions;
  private loop: Promise<void> | undefined;
  private subscription: AllSubscription | undefined;
  private stopping = false;
  private wake: () => void = () => undefined;
  private failing: Error | undefined;
  private lastError: string | null = null;
  private retries = 0;
  private lastTurn = performance.now();

  constructor(
    protected readonly store: EventStore,
    readonly name: string,
    options: CheckpointedConsumerOptions = {},
  ) {
    this.logger = new Logger(name);
    this.batchSize = options.batchSize ?? 1;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** Does the work of `batch`, then saves its last event's position as the checkpoint (in one transaction if it can). */
  protected abstract commit(batch: RecordedEvent[]): void | Promise<void>;

  /** After a commit, once `position` is the checkpoint. */
  protected committed(_position: bigint): void {}

  /** After each failure, before the backoff; `retries` counts the failures since the last commit. */
  protected failed(_error: Error, _retries: number): void {}

  /** The global position of the last event committed, if any. */
  get position(): bigint | undefined {
    return this.checkpoint;
  }

  /** The fault being retried, if any: cleared once an attempt succeeds. */
  get failure(): Error | undefined {
    return this.failing;
  }

  protected get running(): boolean {
    return this.loop !== undefined;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    started.set(this.store, (started.get(this.store) ?? new Set()).add(this));
    this.loop = this.follow();
  }

  /** Stops between two commits (a backoff wait is cut short); `start()` resumes from the checkpoint. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.wake();
    await this.closeSubscription();
    await this.loop;
    this.loop = undefined;
    started.get(this.store)?.delete(this);
  }

  async status(): Promise<ConsumerStatus> {
    const head = await this.store.headPosition();
    const checkpoint = this.checkpoint ?? -1n;
    const state: ConsumerState = !this.loop
      ? 'stopped'
      : this.failing
        ? 'failing'
        : checkpoint >= head
          ? 'running'
          : 'catching-up';
    return {
      name: this.name,
      state,
      lastError: this.lastError,
      retries: this.retries,
      checkpoint: this.checkpoint?.toString() ?? null,
      head: head.toString(),
      lag: head > checkpoint ? Number(head - checkpoint) : 0,
    };
  }

  private async follow(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.consume();
      } catch (error) {
        await this.closeSubscription();
        if (this.stopping) return;
        this.fail(error instanceof Error ? error : new Error(String(error)));
        await this.pause(retryDelayMs(this.retries, this.retry));
      }
    }
  }

  /** Commits batches until stopped: a batch ends when full or when no further event is ready at once. */
  private async consume(): Promise<void> {
    const subscription = this.store.subscribeToAll({ fromPosition: this.checkpoint ?? 'start' });
    this.subscription = subscription;
    if (this.failing) void this.recoverIfCaughtUp(this.failing);
    const events = subscription[Symbol.asyncIterator]();
    let batch: RecordedEvent[] = [];
    // Settles once the events ready now have been taken; one per batch, as it costs a timer.
    let idle: Promise<typeof IDLE> = Promise.resolve(IDLE);
    let next = read(events);
    for (;;) {
      const result = batch.length === 0 ? await next : await Promise.race([next, idle]);
      if (result === IDLE || (result.done && batch.length > 0)) {
        await this.commitBatch(batch);
        batch = [];
        if (result === IDLE) continue;
      }
      if (result.done) {
        if (this.stopping) return;
        throw new Error('The subscription to $all ended unexpectedly');
      }
      if (batch.length === 0) idle = new Promise((resolve) => setImmediate(() => resolve(IDLE)));
      batch.push(result.value);
      next = read(events);
      if (batch.length >= this.batchSize) {
        await this.commitBatch(batch);
        batch = [];
      }
    }
  }

  private async commitBatch(batch: RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1].position;
    await this.commit(batch);
    this.checkpoint = last;
    this.retries = 0;
    this.recovered();
    this.committed(last);
    // Events already read, and commits that do not wait for I/O, resolve promise after promise without a turn of
    // the event loop: catching up a long log would hold requests (and `listen`) off to the end, and keep every
    // batch's `idle` timer pending with the events its race settled (most of the API's memory at start-up). A turn
    // now and then lets both go; one after every batch would slow reactors that commit event by event.
    if (performance.now() - this.lastTurn >= TURN_EVERY_MS) {
      await nextTurn();
      this.lastTurn = performance.now();
    }
  }

  /** A resumed subscription with nothing left to deliver has recovered, though no commit will say so. */
  private async recoverIfCaughtUp(fault: Error): Promise<void> {
    const head = await this.store.headPosition().catch(() => undefined);
    if (this.failing === fault && head !== undefined && (this.checkpoint ?? -1n) >= head) this.recovered();
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = undefined;
    this.logger.log(`Recovered at position ${this.checkpoint ?? 'start'}`);
  }

  private fail(error: Error): void {
    this.failing = error;
    this.lastError = error.message;
    this.retries += 1;
    const delay = retryDelayMs(this.retries, this.retry);
    this.logger.warn(
      `Failed after position ${this.checkpoint ?? 'start'} (attempt ${this.retries}): ${error.message}; retrying in ${delay} ms`,
    );
    this.failed(error, this.retries);
  }

  private async closeSubscription(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    // A broken subscription may fail to close too: it is being dropped either way.
    await subscription?.close().catch(() => undefined);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** The next event; a read left pending when a commit fails may reject later, which is no unhandled rejection. */
function read(events: AsyncIterator<RecordedEvent>): Promise<IteratorResult<RecordedEvent>> {
  const next = events.next();
  next.catch(() => undefined);
  return next;
}

import type { AllSubscription, EventStore, RecordedEvent, SubscribeToAllOptions } from './event-store';

/** Wakes subscribers when a transaction commits. The counter closes the gap between a read and a wait. */
export class CommitSignal {
  private version = 0;
  private waiters: Array<() => void> = [];
  closed = false;

  get current(): number {
    return this.version;
  }

  signal(): void {
    this.version += 1;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at once if anything committed since `seen`, otherwise at the next commit (or close). */
  changedSince(seen: number): Promise<void> {
    if (this.version !== seen || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.signal();
  }
}

const PAGE = 500;

/**
 * How often an idle subscription looks for events that another process committed (API replicas and the worker on
 * one DATA_DIR share the file): commits in this process wake it at once, others within this bound.
 */
const OTHER_WRITERS_MS = 100;

function otherWriters(): { wait: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const wait = new Promise<void>((resolve) => (timer = setTimeout(resolve, OTHER_WRITERS_MS)));
  return { wait, cancel: () => clearTimeout(timer) };
}

/**
 * Catch-up then live `$all` for an embedded store: reads pages after the last delivered position and, once caught
 * up, waits for the next commit here or a moment for one by another process. Delivery stops at `close()` between two events, so a consumer that
 * checkpoints each event it handled resumes from its checkpoint with nothing lost or repeated.
 */
export function catchUpSubscription(
  store: EventStore,
  commits: CommitSignal,
  { fromPosition = 'start' }: SubscribeToAllOptions,
): AllSubscription {
  // Resolved now, not at the first read, so that `end` means "after what is committed when subscribing".
  const start =
    fromPosition === 'end'
      ? store.headPosition()
      : Promise.resolve(fromPosition === 'start' ? -1n : fromPosition);
  let closed = false;
  let wakeOnClose: () => void = () => undefined;
  const closing = new Promise<void>((resolve) => (wakeOnClose = resolve));

  async function* deliver(): AsyncGenerator<RecordedEvent> {
    let after = await start;
    while (!closed && !commits.closed) {
      const seen = commits.current;
      const page = await store.readAll({ fromPosition: after + 1n, maxCount: PAGE });
      for (const event of page) {
        if (closed) return;
        yield event;
        after = event.position;
      }
      if (page.length === 0) {
        const others = otherWriters();
        await Promise.race([commits.changedSince(seen), closing, others.wait]);
        others.cancel();
      }
    }
  }

  const iterator = deliver();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      closed = true;
      wakeOnClose();
    },
  };
}

import type { AllSubscription, EventStore, RecordedEvent, SubscribeToAllOptions } from './event-store';

/** Wakes subscribers when a transaction commits. The counter closes the gap between a read and a wait. */
export class CommitSignal {
  private version = 0;
  private readonly waiters = new Set<() => void>();
  closed = false;

  get current(): number {
    return this.version;
  }

  signal(): void {
    this.version += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Resolves at once if anything committed since `seen`, otherwise at the next commit, at close, or after `ms`.
   * A wait that times out leaves nothing behind: idle subscriptions wait ten times a second each, and waiters kept
   * until the next commit piled up for as long as nothing was written.
   */
  changedSince(seen: number, ms: number): Promise<void> {
    if (this.version !== seen || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiters.add(wake);
    });
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
  /** Ends the wait in progress, if any. */
  let wakeOnClose: () => void = () => undefined;

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
      // A promise of its own for each wait: racing a long-lived one would leave a reaction on it each time.
      if (page.length === 0)
        await new Promise<void>((resolve) => {
          wakeOnClose = resolve;
          void commits.changedSince(seen, OTHER_WRITERS_MS).then(resolve);
        });
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

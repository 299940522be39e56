import { EventStore, readAllInPages, RecordedEvent } from '@app/event-store';

/**
 * Facts folded from `$all` in a process, for questions that span streams and may not ask a read model. A question
 * first catches up with the log's head, so it is as fresh as reading each stream; the fold is kept, so catching up
 * reads only what was written since.
 */
export abstract class LogFold {
  /** The position of the last event folded: the next catch-up reads from there on. */
  private last: bigint | undefined;
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

  /** Catch-ups run one after another, each reading to the head as it is when it starts. */
  catchUp(): Promise<void> {
    // A failed read (the store unavailable) fails its callers only; the next question tries again.
    this.catchingUp = this.catchingUp.catch(() => undefined).then(() => this.readToHead());
    return this.catchingUp;
  }

  protected abstract apply(event: RecordedEvent): void;

  private async readToHead(): Promise<void> {
    // Paged from the last event seen, which is read again and passed over: EventStoreDB positions are offsets.
    for await (const page of readAllInPages(this.store, { fromPosition: this.last ?? 'start' })) {
      for (const event of page) {
        if (this.last !== undefined && event.position <= this.last) continue;
        this.apply(event);
        this.last = event.position;
      }
    }
  }
}

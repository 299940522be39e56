import {
  AllSubscription,
  AppendOptions,
  EventData,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store';
import type { CheckpointedConsumer, ConsumerStatus } from '../checkpointed-consumer';

/**
 * A real store whose first subscription to `$all` fails once it has delivered `after` events, by throwing or ending,
 * as an EventStoreDB restart or leader change drops one. The embedded store's subscriptions only end when closed,
 * so this is the one way to drop one in a test; everything else, later subscriptions included, is the real store.
 */
export class DroppingSubscriptionStore extends EventStore {
  private dropped = false;

  constructor(
    private readonly store: EventStore,
    private readonly after: number,
    private readonly ending: 'throws' | 'ends',
  ) {
    super();
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    const subscription = this.store.subscribeToAll(options);
    if (this.dropped) return subscription;
    this.dropped = true;
    const { after, ending } = this;
    async function* dropping(): AsyncGenerator<RecordedEvent> {
      const events = subscription[Symbol.asyncIterator]();
      for (let delivered = 0; delivered < after; delivered += 1) {
        const next = await events.next();
        if (next.done) return;
        yield next.value;
      }
      // Dropped at once, whether or not more events are coming.
      await subscription.close();
      if (ending === 'throws') throw new Error('Connection to the event store lost');
    }
    const iterator = dropping();
    return { [Symbol.asyncIterator]: () => iterator, close: () => subscription.close() };
  }

  appendToStream(stream: string, events: EventData[], options?: AppendOptions) {
    return this.store.appendToStream(stream, events, options);
  }
  readStream(stream: string, options?: ReadStreamOptions) {
    return this.store.readStream(stream, options);
  }
  readAll(options?: ReadAllOptions) {
    return this.store.readAll(options);
  }
  headPosition() {
    return this.store.headPosition();
  }
  close() {
    return this.store.close();
  }
}

/** The consumer's status once `accept` holds, polled; rejects with the last status seen after `timeoutMs`. */
export async function statusWhen(
  consumer: CheckpointedConsumer,
  accept: (status: ConsumerStatus) => boolean,
  timeoutMs = 5000,
): Promise<ConsumerStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await consumer.status();
    if (accept(status)) return status;
    if (Date.now() > deadline) throw new Error(`No such status in time; last: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

import {
  AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  JSONType,
  NO_STREAM,
  Position,
  ReadStreamOptions as EsdbReadStreamOptions,
  RecordedEvent as EsdbRecordedEvent,
  START,
  StreamingRead,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventData,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store';
import { StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import { planAppend, StreamLookup } from '../append-plan';
import { assertValidEvents, GENESIS_HASH, sealEvents } from '../hash-chain';

/** How far back an `any`/`stream_exists` append looks for a retried event's id: best effort, as in ESDB. */
const IDEMPOTENCY_WINDOW = 1000;
/** Attempts of an `any`/`stream_exists` append that keeps losing races (each loss is another append won). */
const UNCONDITIONAL_ATTEMPTS = 20;

/**
 * The event store on EventStoreDB (server 22.6 or later, which reports positions on stream reads).
 *
 * Positions: our bigint is the commit position. Since EventStoreDB 20, an event appended outside an explicit
 * transaction is committed by its own record, so commit == prepare for each event and one number identifies
 * it; a position passed in is rebuilt as `{ commit: p, prepare: p }`. It must be an event's own position:
 * the server refuses a position inside a record, so `position + 1n` is not a valid "after".
 *
 * System events (type or stream starting with `$`) are left out of readAll, subscribeToAll and headPosition.
 */
export class EventStoreDbEventStore extends EventStore {
  private readonly client: EventStoreDBClient;

  constructor(connectionString: string) {
    super();
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async appendToStream(
    stream: string,
    events: EventData[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    assertValidEvents(events);
    const expected = options.expectedRevision ?? 'any';
    // Exact expectations are re-planned once after a lost race, so that an idempotent retry still succeeds.
    const attempts = typeof expected === 'bigint' || expected === 'no_stream' ? 2 : UNCONDITIONAL_ATTEMPTS;
    for (let attempt = 1; ; attempt += 1) {
      const { head, plan } = await this.plan(stream, expected, events);
      if (plan.kind === 'already-written') {
        return { nextExpectedRevision: plan.nextExpectedRevision, position: plan.position };
      }
      if (events.length === 0) return { nextExpectedRevision: head?.revision ?? -1n, position: -1n };
      const sealed = sealEvents(stream, plan.firstRevision, head?.metadata.hash ?? GENESIS_HASH, events);
      try {
        const result = await this.client.appendToStream(
          stream,
          // sealEvents normalised data through JSON already; the client serialises any JSON value.
          sealed.map(({ id, type, data, metadata }) =>
            jsonEvent({ id, type, data: data as JSONType, metadata }),
          ),
          // Always the exact revision the chain was sealed on, so a concurrent writer cannot fork it.
          { expectedRevision: plan.firstRevision === 0n ? NO_STREAM : plan.firstRevision - 1n },
        );
        // The append reports the commit position of its last event.
        return { nextExpectedRevision: result.nextExpectedRevision, position: positionOf(result.position) };
      } catch (error) {
        if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
        if (attempt >= attempts) throw new WrongExpectedVersionError(stream, expected, error.actualVersion);
      }
    }
  }

  /** Reads what `planAppend` needs (its lookup is synchronous) and plans the append. */
  private async plan(stream: string, expected: ExpectedRevision, events: EventData[]) {
    const base = typeof expected === 'bigint' ? expected : expected === 'no_stream' ? -1n : undefined;
    // Newest first: the head to chain onto and, for any/stream_exists, the ids a retry could match.
    const tail =
      (await this.read(stream, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: base === undefined && events.length > 0 ? IDEMPOTENCY_WINDOW : 1,
      })) ?? [];
    const head = tail.at(0);
    // For an exact expectation the stream moved past, a retry must match the events right after it.
    const known =
      base !== undefined && head && head.revision > base && events.length > 0
        ? ((await this.read(stream, { fromRevision: base + 1n, maxCount: events.length })) ?? [])
        : tail;
    const lookup: StreamLookup = {
      current: head?.revision,
      at: (revision) => known.find((event) => event.revision === revision),
      byId: (id) => known.find((event) => event.id === id),
    };
    return { head, plan: planAppend(stream, expected, events, lookup) };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction === 'backwards' ? BACKWARDS : FORWARDS;
    const events = await this.read(stream, {
      direction,
      fromRevision: options.fromRevision ?? (direction === BACKWARDS ? END : START),
      maxCount: options.maxCount,
    });
    if (!events) throw new StreamNotFoundError(stream);
    return events;
  }

  /** A stream's events, or undefined when it has none. */
  private async read(stream: string, options: EsdbReadStreamOptions): Promise<RecordedEvent[] | undefined> {
    const events: RecordedEvent[] = [];
    try {
      for await (const { event } of this.client.readStream(stream, options)) {
        if (event) events.push(toRecorded(event));
      }
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) return undefined;
      throw error;
    }
    return events;
  }

  async readAll({ fromPosition = 'start', maxCount = Infinity }: ReadAllOptions = {}): Promise<
    RecordedEvent[]
  > {
    // Inclusive, as EventStoreDB reads $all forwards.
    const read = this.client.readAll({ fromPosition: fromPosition === 'start' ? START : esdb(fromPosition) });
    return collect(read, maxCount);
  }

  async headPosition(): Promise<bigint> {
    const [last] = await collect(this.client.readAll({ direction: BACKWARDS, fromPosition: END }), 1);
    return last?.position ?? -1n;
  }

  subscribeToAll({ fromPosition = 'start' }: SubscribeToAllOptions = {}): AllSubscription {
    // Exclusive, as EventStoreDB subscribes: the events after the given position.
    const subscription = this.client.subscribeToAll({
      fromPosition: fromPosition === 'start' ? START : fromPosition === 'end' ? END : esdb(fromPosition),
      filter: excludeSystemEvents(),
    });
    let closed = false;
    const close = async () => {
      closed = true;
      await subscription.unsubscribe();
    };
    async function* deliver(): AsyncGenerator<RecordedEvent> {
      try {
        for await (const { event } of subscription) {
          // Events buffered when close() was called are dropped: the consumer resumes at its checkpoint.
          if (closed) return;
          if (event && !isSystem(event)) yield toRecorded(event);
        }
      } finally {
        // A consumer that breaks out of the loop without close() must not leave the server subscription open.
        if (!closed) await close();
      }
    }
    const iterator = deliver();
    return { [Symbol.asyncIterator]: () => iterator, close };
  }

  /** Cancels the client's calls. The v6 client has no way to close its gRPC channel itself. */
  async close(): Promise<void> {
    await this.client.dispose();
  }
}

/** Reads $all until `limit` of our events are collected (the v6 client's readAll takes no filter). */
async function collect(read: StreamingRead<AllStreamResolvedEvent>, limit: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const { event } of read) {
    if (events.length >= limit) break;
    if (event && !isSystem(event)) events.push(toRecorded(event));
  }
  await read.cancel(); // stops a read cut short; harmless after one that ran to its end
  return events;
}

function isSystem(event: EsdbRecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function esdb(position: bigint): Position {
  return { commit: position, prepare: position };
}

function positionOf(position: Position | undefined): bigint {
  if (!position) throw new Error('EventStoreDB reported no position: the adapter needs server 22.6 or later');
  return position.commit;
}

function toRecorded(event: EsdbRecordedEvent): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as RecordedEvent['metadata'],
    stream: event.streamId,
    revision: event.revision,
    position: positionOf(event.position),
    createdAt: event.created,
  };
}

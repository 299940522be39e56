import {
  AllStreamResolvedEvent,
  AppendResult as EsdbAppendResult,
  AppendToStreamOptions,
  BACKWARDS,
  convertToCommandError,
  END,
  ErrorType,
  EventData as EsdbEventData,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  isCommandError,
  jsonEvent,
  JSONType,
  NO_STREAM,
  Position,
  ReadAllOptions as EsdbReadAllOptions,
  ReadPosition,
  ReadStreamOptions as EsdbReadStreamOptions,
  RecordedEvent as EsdbRecordedEvent,
  ResolvedEvent,
  START,
  StreamNotFoundError as EsdbStreamNotFoundError,
  SubscribeToAllOptions as EsdbSubscribeToAllOptions,
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
import { StoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import { planAppend, StreamLookup } from '../append-plan';
import { assertValidEvents, GENESIS_HASH, sealEvents } from '../hash-chain';

/** How far back an `any`/`stream_exists` append looks for a retried event's id: best effort, as in ESDB. */
const IDEMPOTENCY_WINDOW = 1000;
/** Attempts of an `any`/`stream_exists` append that keeps losing races (each loss is another append won). */
const UNCONDITIONAL_ATTEMPTS = 20;
/** Events asked of the server per read request, so that no read holds an unbounded stream open. */
const PAGE_SIZE = 500;

/**
 * Failures that say nothing about the request itself: the node is down or unreachable, is not the leader (the
 * client reconnects to the leader on the next call), or did not answer in time (a client deadline, or the
 * server's own commit timeout, which the client reports as TIMEOUT).
 */
const TRANSIENT = new Set<ErrorType>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.NOT_LEADER,
  ErrorType.TIMEOUT,
]);

/** The client calls this adapter makes, narrowed so that the spec can stand a fake in for a server. */
export interface EsdbClient {
  appendToStream(
    stream: string,
    events: EsdbEventData[],
    options: AppendToStreamOptions,
  ): Promise<EsdbAppendResult>;
  readStream(stream: string, options: EsdbReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: EsdbReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(
    options: EsdbSubscribeToAllOptions,
  ): AsyncIterable<AllStreamResolvedEvent> & { unsubscribe(): Promise<void> };
  dispose(): Promise<void>;
}

/**
 * The event store on EventStoreDB (server 22.6 or later, which reports positions on stream reads).
 *
 * Positions: our bigint is the commit position. Since EventStoreDB 20, an event appended outside an explicit
 * transaction is committed by its own record, so commit == prepare for each event and one number identifies
 * it; a position passed in is rebuilt as `{ commit: p, prepare: p }`. It must be an event's own position:
 * the server refuses a position inside a record, so `position + 1n` is not a valid "after".
 *
 * System events (type or stream starting with `$`) are left out of readAll, subscribeToAll and headPosition.
 * Transient failures (see TRANSIENT) become `StoreUnavailableError`.
 */
export class EventStoreDbEventStore extends EventStore {
  private readonly client: EsdbClient;
  private readonly pageSize: number;

  /** `connection` is a connection string, or a client (the spec's fake); `pageSize` is for the spec too. */
  constructor(connection: string | EsdbClient, { pageSize = PAGE_SIZE }: { pageSize?: number } = {}) {
    super();
    this.client =
      typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
    this.pageSize = pageSize;
  }

  async appendToStream(
    stream: string,
    events: EventData[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    assertValidEvents(events);
    return unavailableIfTransient(() => this.append(stream, events, options.expectedRevision ?? 'any'));
  }

  private async append(
    stream: string,
    events: EventData[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    // Exact expectations are re-planned once after a lost race, so that an idempotent retry still succeeds.
    const attempts = typeof expected === 'bigint' || expected === 'no_stream' ? 2 : UNCONDITIONAL_ATTEMPTS;
    let racesLost = 0;
    let resent = false;
    for (;;) {
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
        if (isTransient(error) && !resent) {
          // The write may have landed with only its answer lost. The next round plans again, which reads the
          // stream back: events already there are answered as an idempotent re-append, and are not sent twice.
          resent = true;
        } else if (error instanceof EsdbWrongExpectedVersionError) {
          racesLost += 1;
          if (racesLost >= attempts) {
            throw new WrongExpectedVersionError(stream, expected, error.actualVersion);
          }
        } else {
          throw error;
        }
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
    const events = await unavailableIfTransient(() =>
      this.read(stream, {
        direction,
        fromRevision: options.fromRevision ?? (direction === BACKWARDS ? END : START),
        maxCount: options.maxCount,
      }),
    );
    if (!events) throw new StreamNotFoundError(stream);
    return events;
  }

  /** A stream's events, read a page per request, or undefined when it has none. */
  private async read(
    stream: string,
    { direction = FORWARDS, fromRevision = START, maxCount = Infinity }: EsdbReadStreamOptions,
  ): Promise<RecordedEvent[] | undefined> {
    const events: RecordedEvent[] = [];
    let from = fromRevision;
    for (;;) {
      const count = Math.min(this.pageSize, Number(maxCount) - events.length);
      let page: EsdbRecordedEvent[];
      try {
        page = await drain(
          this.client.readStream(stream, { direction, fromRevision: from, maxCount: count }),
        );
      } catch (error) {
        if (error instanceof EsdbStreamNotFoundError) return undefined;
        throw error;
      }
      events.push(...page.map(toRecorded));
      const last = events.at(-1);
      // Revisions may have gaps (truncated streams), so each page starts next to the last event read.
      if (!last || page.length < count || events.length >= Number(maxCount)) return events;
      if (direction === BACKWARDS && last.revision === 0n) return events;
      from = direction === BACKWARDS ? last.revision - 1n : last.revision + 1n;
    }
  }

  async readAll({ fromPosition = 'start', maxCount = Infinity }: ReadAllOptions = {}): Promise<
    RecordedEvent[]
  > {
    return unavailableIfTransient(async () => {
      const events: RecordedEvent[] = [];
      // Inclusive, as EventStoreDB reads $all forwards.
      let from: ReadPosition = fromPosition === 'start' ? START : esdb(fromPosition);
      // A next page starts on the last position read (see the class comment), with room to read it again.
      let last: bigint | undefined;
      while (events.length < maxCount) {
        const count = Math.min(this.pageSize, maxCount - events.length) + (last === undefined ? 0 : 1);
        const page = await drain(this.client.readAll({ fromPosition: from, maxCount: count }));
        for (const event of page) {
          if (last !== undefined && positionOf(event.position) <= last) continue;
          // The v6 client's readAll takes no filter: system events are dropped here.
          if (!isSystem(event) && events.length < maxCount) events.push(toRecorded(event));
        }
        if (page.length < count) break;
        last = positionOf(page[page.length - 1].position);
        from = esdb(last);
      }
      return events;
    });
  }

  async headPosition(): Promise<bigint> {
    return unavailableIfTransient(async () => {
      // Usually the last event of $all is one of ours. System events after it (links written by the server's
      // projections, say) are stepped over in growing pages: subscribers never reach their positions.
      let from: ReadPosition = END;
      // Each next page has room for the event at `from` again, should the server repeat it (a system event).
      for (let count = 1; ; count = Math.min(count * 16, this.pageSize) + 1) {
        const page = await drain(
          this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: count }),
        );
        const ours = page.find((event) => !isSystem(event));
        if (ours) return positionOf(ours.position);
        if (page.length < count) return -1n;
        from = esdb(positionOf(page[page.length - 1].position));
      }
    });
  }

  subscribeToAll({ fromPosition = 'start' }: SubscribeToAllOptions = {}): AllSubscription {
    // Exclusive, as EventStoreDB subscribes: the events after the given position. The server catches up in
    // batches into a bounded buffer of its own, so this is not an unbounded read to page.
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
      } catch (error) {
        throw asPortError(error);
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

/** The client's own classification, which also covers raw gRPC errors it lets through (its feature probe). */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const converted = convertToCommandError(error);
  return isCommandError(converted) && TRANSIENT.has(converted.type);
}

function asPortError(error: unknown): unknown {
  return isTransient(error) ? new StoreUnavailableError(error) : error;
}

async function unavailableIfTransient<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asPortError(error);
  }
}

/** One bounded read, to its end. */
async function drain<E extends EsdbRecordedEvent>(read: AsyncIterable<{ event?: E }>): Promise<E[]> {
  const events: E[] = [];
  for await (const { event } of read) if (event) events.push(event);
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

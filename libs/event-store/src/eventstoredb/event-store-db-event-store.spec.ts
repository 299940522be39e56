import { randomUUID } from 'node:crypto';
import {
  AccessDeniedError,
  AllStreamRecordedEvent,
  AllStreamResolvedEvent,
  ANY,
  AppendResult as EsdbAppendResult,
  AppendToStreamOptions,
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventData as EsdbEventData,
  FORWARDS,
  NO_STREAM,
  NotLeaderError,
  Position,
  ReadAllOptions as EsdbReadAllOptions,
  ReadStreamOptions as EsdbReadStreamOptions,
  ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError as EsdbStreamNotFoundError,
  SubscribeToAllOptions as EsdbSubscribeToAllOptions,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import type { EventData, EventStore, RecordedEvent } from '../event-store';
import { InvalidEventError, StoreUnavailableError, WrongExpectedVersionError } from '../errors';
import { verifyStream } from '../hash-chain';
import { anEvent, eventStoreContract } from '../testing/event-store.contract';
import { EsdbClient, EventStoreDbEventStore } from './event-store-db-event-store';

const url = process.env.EVENTSTORE_CONNECTION_STRING;

if (url) {
  eventStoreContract('EventStoreDbEventStore', async () => new EventStoreDbEventStore(url));
} else {
  console.log('EventStoreDB contract suite did not run: EVENTSTORE_CONNECTION_STRING is not set');
}

type Stored = AllStreamRecordedEvent;
const at = (event: Stored) => event.position.commit;

/**
 * The few client calls the adapter makes, over an in-memory log. No EventStoreDB server can run where these
 * specs run, and what they check is the adapter's side: what it asks for (bounded pages, read-back before a
 * retry) and what it makes of the answers and errors (the client's own error classes). It is a model of the
 * server, not the server: the contract suite against a real one is what settles the server's behaviour.
 *
 * Positions go up in steps of 100, like the byte offsets they stand for, and a read from a position that is no
 * event's own fails, as on the server. $all read backwards from a position leaves that position's event out
 * (the adapter copes either way).
 */
class FakeEsdbClient implements EsdbClient {
  readonly log: Stored[] = [];
  /** Each read request, in order. */
  readonly reads: Array<{ call: 'readStream' | 'readAll'; direction: string; maxCount: number }> = [];
  appendsSent = 0;
  private readonly appendFailures: Array<{ error: Error; landed: boolean; meanwhile?: () => void }> = [];
  private readonly readFailures: Error[] = [];
  private subscriptionFailure?: Error;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: { projections?: boolean } = {}) {}

  /** The next append throws `error`; a `landed` one is written first, so that only its answer is lost. */
  failNextAppend(error: Error, options: { landed: boolean; meanwhile?: () => void }): void {
    this.appendFailures.push({ error, ...options });
  }

  failNextRead(error: Error): void {
    this.readFailures.push(error);
  }

  failSubscriptionsAfterCatchUp(error: Error): void {
    this.subscriptionFailure = error;
  }

  /** Writes without any check, as another client or the server itself would. */
  write(
    stream: string,
    events: Array<{ id?: string; type: string; data?: unknown; metadata?: unknown }>,
  ): Stored {
    for (const { id = randomUUID(), type, data = {}, metadata = {} } of events) {
      const revision = BigInt(this.log.filter((event) => event.streamId === stream).length);
      const position = BigInt(100 * (this.log.length + 1));
      this.log.push({
        streamId: stream,
        id,
        isJson: true,
        revision,
        type,
        data: data as Stored['data'],
        metadata,
        created: new Date(),
        position: { commit: position, prepare: position },
      } as Stored);
    }
    for (const wake of this.waiters) wake();
    return this.log[this.log.length - 1];
  }

  writeSystemEvent(): Stored {
    return this.write('$stats-127.0.0.1:2113', [{ type: '$statsCollected' }]);
  }

  async appendToStream(
    stream: string,
    events: EsdbEventData[],
    { expectedRevision = ANY }: AppendToStreamOptions,
  ): Promise<EsdbAppendResult> {
    this.appendsSent += 1;
    const failure = this.appendFailures.shift();
    if (failure && !failure.landed) {
      failure.meanwhile?.();
      throw failure.error;
    }
    const current = this.log.filter((event) => event.streamId === stream).at(-1)?.revision;
    const matches =
      expectedRevision === ANY ||
      (expectedRevision === NO_STREAM && current === undefined) ||
      (expectedRevision === STREAM_EXISTS && current !== undefined) ||
      expectedRevision === current;
    if (!matches) {
      throw new EsdbWrongExpectedVersionError(undefined, {
        streamName: stream,
        expected: expectedRevision,
        current: current ?? NO_STREAM,
      });
    }
    const last = this.write(stream, events);
    // Links into the stream's category, as the server's own projections write them.
    if (this.options.projections)
      this.write(
        `$ce-${stream.split('-')[0]}`,
        events.map(() => ({ type: '$>' })),
      );
    if (failure) {
      failure.meanwhile?.();
      throw failure.error;
    }
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  readStream(
    stream: string,
    { direction = FORWARDS, fromRevision = START, maxCount = Number.MAX_SAFE_INTEGER }: EsdbReadStreamOptions,
  ): AsyncIterable<ResolvedEvent> {
    this.reads.push({ call: 'readStream', direction, maxCount: Number(maxCount) });
    const failure = this.readFailures.shift();
    const events = this.log.filter((event) => event.streamId === stream);
    const from = fromRevision === START ? 0n : fromRevision === END ? events.at(-1)?.revision : fromRevision;
    const selected = (direction === BACKWARDS ? [...events].reverse() : events)
      .filter((event) => (direction === BACKWARDS ? event.revision <= from! : event.revision >= from!))
      .slice(0, Number(maxCount));
    return (async function* () {
      if (failure) throw failure;
      if (events.length === 0) throw new EsdbStreamNotFoundError(undefined, stream);
      for (const event of selected) yield { event };
    })();
  }

  readAll({
    direction = FORWARDS,
    fromPosition = START,
    maxCount = Number.MAX_SAFE_INTEGER,
  }: EsdbReadAllOptions): AsyncIterable<AllStreamResolvedEvent> {
    this.reads.push({ call: 'readAll', direction, maxCount: Number(maxCount) });
    const failure = this.readFailures.shift() ?? this.positionError(fromPosition);
    const from = typeof fromPosition === 'string' ? undefined : fromPosition.commit;
    const selected = (
      direction === BACKWARDS
        ? [...this.log]
            .reverse()
            .filter((event) => fromPosition === END || (from !== undefined && at(event) < from))
        : this.log.filter((event) => fromPosition === START || (from !== undefined && at(event) >= from))
    ).slice(0, Number(maxCount));
    return (async function* () {
      if (failure) throw failure;
      for (const event of selected) yield { event };
    })();
  }

  subscribeToAll({
    fromPosition = START,
  }: EsdbSubscribeToAllOptions): AsyncIterable<AllStreamResolvedEvent> & { unsubscribe(): Promise<void> } {
    const log = this.log;
    const waiters = this.waiters;
    const failure = this.subscriptionFailure;
    let next =
      fromPosition === START
        ? 0
        : fromPosition === END
          ? log.length
          : log.findIndex((event) => at(event) === fromPosition.commit) + 1;
    let subscribed = true;
    let wake: () => void = () => undefined;
    async function* deliver(): AsyncGenerator<AllStreamResolvedEvent> {
      while (subscribed) {
        if (next < log.length) {
          yield { event: log[next++] };
          continue;
        }
        if (failure) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
          waiters.add(resolve);
        });
        waiters.delete(wake);
      }
    }
    return Object.assign(deliver(), {
      unsubscribe: async () => {
        subscribed = false;
        wake();
      },
    });
  }

  async dispose(): Promise<void> {}

  private positionError(position: Position | typeof START | typeof END): Error | undefined {
    if (typeof position === 'string' || this.log.some((event) => at(event) === position.commit))
      return undefined;
    return new Error(`fake server: ${position.commit} is not an event's position`);
  }
}

/** The adapter over a fresh fake, with pages of 2 so that a few events span several. */
function onFake(): { fake: FakeEsdbClient; store: EventStore } {
  const fake = new FakeEsdbClient();
  return { fake, store: new EventStoreDbEventStore(fake, { pageSize: 2 }) };
}

// The adapter's paging and planning against the contract, with system events all through the log.
eventStoreContract(
  'EventStoreDbEventStore on an in-memory fake of the client (not a server)',
  async () => new EventStoreDbEventStore(new FakeEsdbClient({ projections: true }), { pageSize: 2 }),
);

// NotLeaderError is built by the client from the server's answer, which names the leader.
function notLeader(): NotLeaderError {
  const answer = {
    code: 5,
    details: 'Leader info available',
    metadata: {
      getMap: () => ({
        exception: 'not-leader',
        'leader-endpoint-host': '10.0.0.2',
        'leader-endpoint-port': '2113',
      }),
    },
  };
  return new NotLeaderError(answer as unknown as ConstructorParameters<typeof NotLeaderError>[0]);
}

describe('EventStoreDbEventStore without a server', () => {
  it('refuses a malformed connection string, and invalid events before any network call', async () => {
    expect(() => new EventStoreDbEventStore('http://localhost:2113')).toThrow();

    // Nothing listens on port 1: an append that reached the network would fail otherwise, and later.
    const store = new EventStoreDbEventStore('esdb://127.0.0.1:1?tls=false');
    const append = store.appendToStream('s', [anEvent(), { ...anEvent(), id: 'not-a-uuid' }]);
    await expect(append).rejects.toBeInstanceOf(InvalidEventError);
    await store.close();
  });

  it('reports a node nobody answers on as StoreUnavailableError, with the real client', async () => {
    const store = new EventStoreDbEventStore('esdb://127.0.0.1:1?tls=false');
    for (const call of [
      () => store.readStream('s'),
      () => store.readAll(),
      () => store.headPosition(),
      () => store.appendToStream('s', [anEvent()]),
    ]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).cause).toBeInstanceOf(UnavailableError);
    }
    await store.close();
  });
});

describe('EventStoreDbEventStore: transient errors', () => {
  // What the client's server-feature probe lets through unconverted, as seen against a closed port.
  const rawGrpcUnavailable = () =>
    Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'No connection established',
    });

  it.each([
    ['unavailable', () => new UnavailableError()],
    ['deadline exceeded', () => new DeadlineExceededError()],
    ['the server timing out', () => new TimeoutError()],
    ['not leader', notLeader],
    ['a raw gRPC UNAVAILABLE', rawGrpcUnavailable],
  ])('%s becomes StoreUnavailableError on every read', async (_, error) => {
    const { fake, store } = onFake();
    fake.write('s', [{ type: 'A' }]);
    for (const call of [() => store.readStream('s'), () => store.readAll(), () => store.headPosition()]) {
      const failure = error();
      fake.failNextRead(failure);
      await expect(call()).rejects.toEqual(
        expect.objectContaining({ name: 'StoreUnavailableError', cause: failure }),
      );
    }
  });

  it('leaves other errors as they are', async () => {
    const { fake, store } = onFake();
    const denied = new AccessDeniedError();
    fake.failNextRead(denied);
    await expect(store.readAll()).rejects.toBe(denied);
  });

  it('a subscription that loses its server ends with StoreUnavailableError', async () => {
    const { fake, store } = onFake();
    fake.write('s', [{ type: 'A' }]);
    fake.failSubscriptionsAfterCatchUp(new UnavailableError());
    const seen: string[] = [];
    const following = (async () => {
      for await (const event of store.subscribeToAll()) seen.push(event.type);
    })();
    await expect(following).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(seen).toEqual(['A']);
  });
});

describe('EventStoreDbEventStore: an append whose answer is lost', () => {
  it('reads the stream back first: events that landed are answered as a re-append would, not sent twice', async () => {
    const { fake, store } = onFake();
    await store.appendToStream('s', [anEvent()], { expectedRevision: 'no_stream' });
    const events = [anEvent(), anEvent()];
    fake.failNextAppend(new DeadlineExceededError(), {
      landed: true,
      meanwhile: () => fake.write('s', [{ type: 'ByAnotherWriter' }]),
    });
    fake.appendsSent = 0;

    const result = await store.appendToStream('s', events, { expectedRevision: 0n });

    const written = (await store.readStream('s')).filter((event) => events.some((e) => e.id === event.id));
    expect(result).toEqual({ nextExpectedRevision: 2n, position: written[1].position });
    expect(await store.appendToStream('s', events, { expectedRevision: 0n })).toEqual(result);
    expect(fake.appendsSent).toBe(1);
    expect((await store.readStream('s')).map((event) => event.type)).toEqual([
      'SomethingHappened',
      'SomethingHappened',
      'SomethingHappened',
      'ByAnotherWriter',
    ]);
  });

  it('sends it once more when its events are not there', async () => {
    const { fake, store } = onFake();
    const events = [anEvent(), anEvent()];
    fake.failNextAppend(new UnavailableError(), { landed: false });

    const result = await store.appendToStream('s', events, { expectedRevision: 'no_stream' });

    expect(fake.appendsSent).toBe(2);
    const stored = await store.readStream('s');
    expect(stored.map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect(result).toEqual({ nextExpectedRevision: 1n, position: stored[1].position });
    expect((await verifyStream(store, 's')).ok).toBe(true);
  });

  it('gives up with StoreUnavailableError after a second lost answer that wrote nothing', async () => {
    const { fake, store } = onFake();
    fake.failNextAppend(new UnavailableError(), { landed: false });
    fake.failNextAppend(notLeader(), { landed: false });

    await expect(store.appendToStream('s', [anEvent()])).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(fake.appendsSent).toBe(2);
    expect(fake.log).toEqual([]);
  });

  it('keeps an exact expected revision exact: a stream moved on by another writer is a conflict', async () => {
    const { fake, store } = onFake();
    await store.appendToStream('s', [anEvent()], { expectedRevision: 'no_stream' });
    fake.failNextAppend(new DeadlineExceededError(), {
      landed: false,
      meanwhile: () => fake.write('s', [{ type: 'ByAnotherWriter' }]),
    });

    const error = await store
      .appendToStream('s', [anEvent()], { expectedRevision: 0n })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ expected: 0n, actual: 1n });
    expect(fake.appendsSent).toBe(2);
  });

  it('re-chains an `any` append on the head it finds when sending it again', async () => {
    const { fake, store } = onFake();
    await store.appendToStream('s', [anEvent()]);
    fake.failNextAppend(new TimeoutError(), {
      landed: false,
      meanwhile: () => fake.write('s', [{ type: 'ByAnotherWriter' }]),
    });
    fake.appendsSent = 0;

    const mine = anEvent();
    expect(await store.appendToStream('s', [mine])).toMatchObject({ nextExpectedRevision: 2n });
    expect(fake.appendsSent).toBe(2);
    expect((await store.readStream('s')).at(-1)?.id).toBe(mine.id);
  });
});

describe('EventStoreDbEventStore: bounded reads', () => {
  const numbered = (count: number): EventData[] =>
    Array.from({ length: count }, (_, n) => anEvent('Numbered', { n }));
  const ns = (events: RecordedEvent[]) => events.map((event) => (event.data as { n: number }).n);

  it('reads a stream a page at a time, forwards and backwards, from a revision, up to a count', async () => {
    const { fake, store } = onFake();
    await store.appendToStream('s', numbered(5), { expectedRevision: 'no_stream' });
    fake.reads.length = 0;

    expect(ns(await store.readStream('s'))).toEqual([0, 1, 2, 3, 4]);
    expect(ns(await store.readStream('s', { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
    expect(ns(await store.readStream('s', { fromRevision: 1n, maxCount: 3 }))).toEqual([1, 2, 3]);
    expect(ns(await store.readStream('s', { direction: 'backwards', fromRevision: 3n }))).toEqual([
      3, 2, 1, 0,
    ]);
    expect(fake.reads.length).toBeGreaterThan(4);
    expect(fake.reads.every(({ maxCount }) => maxCount <= 2)).toBe(true);
  });

  it('reads $all a page at a time from an inclusive position, leaving system events out', async () => {
    const { fake, store } = onFake();
    fake.writeSystemEvent();
    const first = await store.appendToStream('a', numbered(1));
    for (const n of [1, 2, 3, 4]) {
      fake.writeSystemEvent();
      await store.appendToStream(n % 2 ? 'b' : 'a', [anEvent('Numbered', { n })]);
    }
    fake.writeSystemEvent();
    const third = (await store.readStream('a'))[1].position;
    fake.reads.length = 0;

    expect(ns(await store.readAll())).toEqual([0, 1, 2, 3, 4]);
    expect(ns(await store.readAll({ fromPosition: first.position }))).toEqual([0, 1, 2, 3, 4]);
    expect(ns(await store.readAll({ fromPosition: third, maxCount: 2 }))).toEqual([2, 3]);
    expect(fake.reads.every(({ call, maxCount }) => call === 'readAll' && maxCount <= 3)).toBe(true);
  });

  it('headPosition asks for the last event of $all alone, reading backwards', async () => {
    const { fake, store } = onFake();
    expect(await store.headPosition()).toBe(-1n);
    const { position } = await store.appendToStream('s', numbered(3));
    fake.reads.length = 0;

    expect(await store.headPosition()).toBe(position);
    expect(fake.reads).toEqual([{ call: 'readAll', direction: BACKWARDS, maxCount: 1 }]);
  });

  it('headPosition steps back over system events after the last of ours, which no subscriber reaches', async () => {
    const { fake, store } = onFake();
    const { position } = await store.appendToStream('s', numbered(2));
    for (let n = 0; n < 20; n++) fake.writeSystemEvent();

    expect(await store.headPosition()).toBe(position);

    const onlySystem = onFake();
    onlySystem.fake.writeSystemEvent();
    expect(await onlySystem.store.headPosition()).toBe(-1n);
  });
});

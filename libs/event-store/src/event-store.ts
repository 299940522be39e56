import type { VerificationFailure } from './hash-chain';

/**
 * The event store port, with EventStoreDB's semantics so that the embedded SQLite adapter and the
 * EventStoreDB adapter are interchangeable. Revisions and positions are bigints in both adapters.
 */

/** What a caller expects of a stream before appending, as in EventStoreDB. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export type Metadata = Record<string, unknown>;

/** An event to append. `id` is a uuid chosen by the caller: re-appending the same ids is idempotent. */
export interface EventData<D = unknown> {
  id: string;
  type: string;
  data: D;
  metadata?: Metadata;
}

/** An event as stored: its metadata also carries the hash chain (`prevHash`, `hash`). */
export interface RecordedEvent<D = unknown> {
  id: string;
  type: string;
  data: D;
  metadata: Metadata & { prevHash: string; hash: string };
  stream: string;
  revision: bigint;
  position: bigint;
  createdAt: Date;
}

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the stream's last event after the append. */
  nextExpectedRevision: bigint;
  /** The global position of the last event appended (or, for an idempotent retry, of the last matching one). */
  position: bigint;
}

export interface ReadStreamOptions {
  /** Inclusive; defaults to the first event (forwards) or the last (backwards). */
  fromRevision?: bigint | 'start' | 'end';
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Inclusive: the event at this position, if any, is the first returned. Defaults to the start of the log. */
  fromPosition?: bigint | 'start';
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /**
   * Exclusive, as in EventStoreDB: a consumer passes the position it last processed (its checkpoint)
   * and receives the events after it. `start` (default) delivers the whole log, `end` only new events.
   */
  fromPosition?: bigint | 'start' | 'end';
}

/** Catch-up then live delivery of `$all`, in order, until closed. */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/** Abstract class rather than interface so that Nest can inject it by type. */
export abstract class EventStore {
  abstract appendToStream(
    stream: string,
    events: EventData[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Throws `StreamNotFoundError` when the stream has no events. */
  abstract readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  abstract subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  /** The position of the last event in the log, or -1n when it is empty. */
  abstract headPosition(): Promise<bigint>;
  abstract close(): Promise<void>;

  /**
   * Told by the log's verifier that a stream fails its hash chain: an adapter that can refuses appends to it from
   * then on (`TamperedStreamError`), as chaining new facts onto changed ones would make them look vouched for.
   */
  refuseAppendsTo(_failure: VerificationFailure): void {}
}

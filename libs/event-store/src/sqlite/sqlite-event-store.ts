import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openSqlite } from './open-sqlite';
import {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventData,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store';
import { StreamNotFoundError } from '../errors';
import { assertValidEvents, toJsonEvents, VerificationFailure } from '../hash-chain';
import { CommitSignal, catchUpSubscription } from '../subscription';
import {
  AppendRequest,
  COLUMNS,
  FromWriter,
  fromCrossing,
  Row,
  SCHEMA,
  toRecorded,
  ToWriter,
} from './sqlite-writer';

interface PendingAppend {
  /** `performance.now()` when queued: an append's latency includes its wait for the group's commit. */
  queuedAt: number;
  request: AppendRequest;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** One group commit, for whoever watches the store (the API's metrics). */
export interface GroupCommit {
  /** Appends written in the transaction, refused ones included. */
  appends: number;
  /** Seconds from each append's arrival to the commit that made it durable, in the order they came. */
  latencies: number[];
}

export interface SqliteEventStoreOptions {
  /** Where `createdAt` comes from; injected so tests and replays are deterministic. */
  now?: () => Date;
}

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous=FULL`.
 *
 * Appends are written by a worker thread of their own (`SqliteWriter`), so neither the sealing nor the fsync of a
 * commit holds up the event loop that serves requests; reads stay on this thread, on a connection of their own.
 * Group commit: appends that arrive while the writer is busy are queued and sent as one batch, written in one
 * transaction (one fsync), each append succeeding or failing on its own. No promise resolves before that
 * transaction has committed.
 */
export class SqliteEventStore extends EventStore {
  private readonly db: Database.Database;
  private readonly writer: Worker;
  private readonly now: () => Date;
  private readonly commits = new CommitSignal();
  private queue: PendingAppend[] = [];
  private flushTimer: NodeJS.Immediate | undefined;
  /** The batch the writer has, and what settles once it has answered. */
  private inFlight: { batch: PendingAppend[]; answered: Promise<void>; answer(): void } | undefined;
  /** Why appends can no longer be written: the store closed, or its writer failed. */
  private stopped: Error | undefined;
  private closed: Promise<void> | undefined;
  /** Transactions committed so far: with group commit, fewer than the appends acknowledged. */
  transactionsCommitted = 0;
  /** Told of every group commit once it is durable; set by the API's metrics, nothing else. */
  onCommit: ((commit: GroupCommit) => void) | undefined;

  private readonly statements: ReturnType<SqliteEventStore['prepare']>;

  constructor(
    readonly file: string,
    options: SqliteEventStoreOptions = {},
  ) {
    super();
    this.db = openSqlite(file, { durability: 'full' });
    this.db.exec(SCHEMA);
    this.now = options.now ?? (() => new Date());
    this.statements = this.prepare();
    this.writer = startWriter(file);
    // Only an append under way keeps the process alive (see flush).
    this.writer.unref();
    this.writer.on('message', (message: FromWriter) => this.answered(message));
    this.writer.on('error', (error) => this.stop(error));
    this.writer.on('exit', (code) =>
      this.stop(new Error(`The event store's writer stopped (exit code ${code})`)),
    );
  }

  private prepare() {
    const raw = (sql: string) => this.db.prepare(sql).raw(true).safeIntegers(true);
    return {
      head: raw('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      forwards: raw(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      backwards: raw(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      all: raw(`SELECT ${COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`),
      lastPosition: raw('SELECT max(position) FROM events'),
    };
  }

  appendToStream(stream: string, events: EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      // Throwing here rejects the promise.
      if (this.stopped) throw this.stopped;
      assertValidEvents(events);
      const request = {
        stream,
        events: toJsonEvents(events),
        expectedRevision: options.expectedRevision ?? 'any',
      };
      this.queue.push({ queuedAt: performance.now(), request, resolve, reject });
      this.flushTimer ??= setImmediate(() => this.flush());
    });
  }

  /** Sends the queued appends to the writer as one batch; while it is busy with one, they wait and the next grows. */
  private flush(): void {
    this.flushTimer = undefined;
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    let answer = () => undefined as void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    this.inFlight = { batch, answered, answer };
    this.writer.ref();
    this.send({ kind: 'write', batch: batch.map(({ request }) => request), createdAt: this.now().getTime() });
  }

  private answered(message: FromWriter): void {
    const { batch, answer } = this.inFlight!;
    this.inFlight = undefined;
    this.writer.unref();
    if (message.kind === 'failed') {
      // The transaction failed as a whole: nothing in the batch is durable.
      const error = fromCrossing(message.error);
      for (const pending of batch) pending.reject(error);
    } else {
      this.transactionsCommitted += 1;
      if (this.onCommit) {
        const committedAt = performance.now();
        this.onCommit({
          appends: batch.length,
          latencies: batch.map(({ queuedAt }) => (committedAt - queuedAt) / 1000),
        });
      }
      this.commits.signal();
      batch.forEach((pending, index) => {
        const outcome = message.outcomes[index];
        if (outcome.ok) pending.resolve(outcome.value);
        else pending.reject(fromCrossing(outcome.error));
      });
    }
    answer();
    // After the appenders just answered have had their turn, so what they append next joins this batch.
    if (this.queue.length > 0) this.flushTimer ??= setImmediate(() => this.flush());
  }

  private send(message: ToWriter): void {
    this.writer.postMessage(message);
  }

  /** The writer is gone: whatever it was given or would be given fails. */
  private stop(error: Error): void {
    this.stopped ??= error;
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    const waiting = [...(this.inFlight?.batch ?? []), ...this.queue];
    this.queue = [];
    this.inFlight?.answer();
    this.inFlight = undefined;
    for (const pending of waiting) pending.reject(this.stopped);
  }

  override refuseAppendsTo(failure: VerificationFailure): void {
    this.send({ kind: 'refuse', failure });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const revision = from === 'start' ? 0 : from === 'end' ? Number.MAX_SAFE_INTEGER : from;
    const statement = backwards ? this.statements.backwards : this.statements.forwards;
    const rows = statement.all(stream, revision, options.maxCount ?? -1);
    if (rows.length === 0 && this.statements.head.get(stream) === undefined)
      throw new StreamNotFoundError(stream);
    return (rows as Row[]).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from =
      options.fromPosition === undefined || options.fromPosition === 'start' ? 0 : options.fromPosition;
    return (this.statements.all.all(from, options.maxCount ?? -1) as Row[]).map(toRecorded);
  }

  async headPosition(): Promise<bigint> {
    const [max] = this.statements.lastPosition.get() as [bigint | null];
    return max === null ? -1n : BigInt(max);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    return catchUpSubscription(this, this.commits, options);
  }

  /** Writes every append already made, then stops the writer. */
  close(): Promise<void> {
    this.closed ??= this.closeOnce();
    return this.closed;
  }

  private async closeOnce(): Promise<void> {
    while (!this.stopped && (this.inFlight || this.queue.length > 0)) {
      if (this.flushTimer) clearImmediate(this.flushTimer);
      this.flush();
      await this.inFlight?.answered;
    }
    if (!this.stopped) {
      this.stopped = new Error('The event store is closed');
      const exited = once(this.writer, 'exit');
      this.writer.ref(); // so that the process waits for the writer to close its connection
      this.send({ kind: 'close' });
      await exited;
    }
    this.commits.close();
    if (this.db.open) this.db.close();
  }

  /** For operators and tests: `PRAGMA integrity_check`. */
  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }
}

/**
 * Built, the writer's thread runs the compiled file beside this one; run from source (tests, benchmarks), tsx
 * compiles it as it loads.
 */
function startWriter(file: string): Worker {
  const fromSource = __filename.endsWith('.ts');
  return new Worker(join(__dirname, `sqlite-writer.worker.${fromSource ? 'ts' : 'js'}`), {
    workerData: { file },
    ...(fromSource ? { execArgv: ['--require', require.resolve('tsx/cjs')] } : {}),
  });
}

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
import { StreamNotFoundError, TamperedStreamError } from '../errors';
import { AppendPlan, planAppend, StoredRef, StreamLookup } from '../append-plan';
import {
  assertValidEvents,
  GENESIS_HASH,
  ownHashFailure,
  SealedEvent,
  sealEvents,
  VerificationFailure,
} from '../hash-chain';
import { CommitSignal, catchUpSubscription } from '../subscription';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position   INTEGER PRIMARY KEY,
    stream     TEXT    NOT NULL,
    revision   INTEGER NOT NULL,
    id         TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    metadata   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (stream, revision)
  ) STRICT;
`;

const COLUMNS = 'position, stream, revision, id, type, data, metadata, created_at';
/** Integers as BigInt: a position or revision past 2^53 (only ever written by hand) must not read back as another. */
type Row = [bigint, string, bigint, string, string, string, string, bigint];

/** A stream's last revision and hash: what the next append chains onto. */
interface Head {
  revision: bigint;
  hash: string;
}

/** Stream heads remembered between appends; past this many the least recently written are read again when needed. */
const REMEMBERED_HEADS = 10_000;

interface PendingAppend {
  /** `performance.now()` when queued: an append's latency includes its wait for the group's commit. */
  queuedAt: number;
  stream: string;
  events: EventData[];
  options: AppendOptions;
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
 * Group commit: better-sqlite3 is synchronous, so appends that arrive in the same turn of the event loop are
 * queued and written in one transaction (one fsync). Each append is checked and sealed before any of its events is
 * inserted, so a refused append writes nothing and the others go on; an insert that fails fails the whole batch. No
 * promise resolves before that transaction has committed.
 *
 * Heads: the head an append chains onto is read and its hash checked (a change made while this process was not
 * looking) the first time; after that the head this process wrote is remembered, for as long as SQLite's
 * `data_version` shows no other connection has written to the file (a replica, or someone editing it).
 */
export class SqliteEventStore extends EventStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly commits = new CommitSignal();
  private queue: PendingAppend[] = [];
  private flushTimer: NodeJS.Immediate | undefined;
  /** Streams the log's verifier found broken, with why. */
  private readonly refused = new Map<string, VerificationFailure>();
  /** Heads checked or written by this connection, valid while `data_version` stays `headsVersion`. */
  private readonly heads = new Map<string, Head>();
  private headsVersion: number | undefined;
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
  }

  private prepare() {
    const raw = (sql: string) => this.db.prepare(sql).raw(true).safeIntegers(true);
    return {
      insert: this.db.prepare(
        'INSERT INTO events (stream, revision, id, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      head: raw(
        "SELECT revision, metadata ->> '$.hash' FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1",
      ),
      headEvent: raw(`SELECT ${COLUMNS} FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1`),
      at: raw('SELECT id, revision, position FROM events WHERE stream = ? AND revision = ?'),
      // No index on id: it would halve insert throughput, and only appends with `any`/`stream_exists` look ids up,
      // within one stream (found through the (stream, revision) index).
      byId: raw('SELECT id, revision, position FROM events WHERE stream = ? AND id = ? LIMIT 1'),
      forwards: raw(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      backwards: raw(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      all: raw(`SELECT ${COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`),
      lastPosition: raw('SELECT max(position) FROM events'),
      // Changes when another connection commits to the file; not when this one does.
      dataVersion: this.db.prepare('PRAGMA data_version').pluck(),
    };
  }

  appendToStream(stream: string, events: EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      assertValidEvents(events); // throwing here rejects the promise
      this.queue.push({ queuedAt: performance.now(), stream, events, options, resolve, reject });
      this.flushTimer ??= setImmediate(() => this.flush());
    });
  }

  /** Writes every queued append in one transaction. */
  private flush(): void {
    this.flushTimer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: AppendResult } | { ok: false; error: unknown }> = [];
    try {
      // IMMEDIATE: the write lock before the heads are read, so a process sharing the file that commits meanwhile
      // makes this one wait (busy_timeout) rather than fail on a stale snapshot.
      this.db
        .transaction(() => {
          this.forgetHeadsIfOthersWrote();
          for (const pending of batch) {
            let write: PlannedWrite;
            try {
              write = this.plan(pending);
            } catch (error) {
              outcomes.push({ ok: false, error });
              continue;
            }
            outcomes.push({ ok: true, value: this.insert(write) });
          }
        })
        .immediate();
    } catch (error) {
      // An insert or the commit itself failed: nothing in the batch is durable, nor are the heads it remembered.
      this.heads.clear();
      for (const pending of batch) pending.reject(error);
      return;
    }
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
      const outcome = outcomes[index];
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }

  override refuseAppendsTo(failure: VerificationFailure): void {
    if (!this.refused.has(failure.stream)) this.refused.set(failure.stream, failure);
  }

  private forgetHeadsIfOthersWrote(): void {
    const version = this.statements.dataVersion.get() as number;
    if (version !== this.headsVersion) this.heads.clear();
    this.headsVersion = version;
  }

  /** Everything that can refuse an append, before anything of it is written. */
  private plan({ stream, events, options }: PendingAppend): PlannedWrite {
    const head = this.trustedHead(stream);
    const plan = planAppend(stream, options.expectedRevision ?? 'any', events, this.lookup(stream, head));
    if (plan.kind === 'already-written' || events.length === 0) return { stream, head, plan, sealed: [] };
    const sealed = sealEvents(stream, plan.firstRevision, head?.hash ?? GENESIS_HASH, events);
    return { stream, head, plan, sealed };
  }

  private insert({ stream, head, plan, sealed }: PlannedWrite): AppendResult {
    if (plan.kind === 'already-written') {
      return { nextExpectedRevision: plan.nextExpectedRevision, position: plan.position };
    }
    if (sealed.length === 0) return { nextExpectedRevision: head ? head.revision : -1n, position: -1n };
    const createdAt = this.now().getTime();
    let position = 0n;
    for (const event of sealed) {
      const info = this.statements.insert.run(
        stream,
        event.revision,
        event.id,
        event.type,
        event.dataJson,
        JSON.stringify(event.metadata),
        createdAt,
      );
      position = BigInt(info.lastInsertRowid);
    }
    const last = sealed[sealed.length - 1];
    this.remember(stream, { revision: last.revision, hash: last.metadata.hash });
    return { nextExpectedRevision: last.revision, position };
  }

  /** Kept in the order last written, so the first one is the one to forget. */
  private remember(stream: string, head: Head): void {
    this.heads.delete(stream);
    this.heads.set(stream, head);
    if (this.heads.size > REMEMBERED_HEADS) this.heads.delete(this.heads.keys().next().value!);
  }

  /**
   * The stream's last revision and hash, to chain onto: refused if the verifier found the stream broken, or if the
   * head itself no longer matches its hash (a change made while this process was not looking).
   */
  private trustedHead(stream: string): Head | undefined {
    const refused = this.refused.get(stream);
    if (refused) throw new TamperedStreamError(refused);
    const known = this.heads.get(stream);
    if (known) return known;
    const row = this.statements.headEvent.get(stream) as Row | undefined;
    if (!row) return undefined;
    const event = toRecorded(row);
    const changed = ownHashFailure(event);
    if (changed) throw new TamperedStreamError(changed);
    const head = { revision: event.revision, hash: event.metadata.hash };
    this.remember(stream, head);
    return head;
  }

  private lookup(stream: string, head: Head | undefined): StreamLookup {
    const ref = (row: unknown): StoredRef | undefined => {
      if (!row) return undefined;
      const [id, revision, position] = row as [string, bigint, bigint];
      return { id, revision: BigInt(revision), position: BigInt(position) };
    };
    return {
      current: head?.revision,
      at: (revision) => ref(this.statements.at.get(stream, revision)),
      byId: (id) => ref(this.statements.byId.get(stream, id)),
    };
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

  async close(): Promise<void> {
    if (this.flushTimer) {
      clearImmediate(this.flushTimer);
      this.flush();
    }
    this.commits.close();
    if (this.db.open) this.db.close();
  }

  /** For operators and tests: `PRAGMA integrity_check`. */
  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }
}

interface PlannedWrite {
  stream: string;
  head: Head | undefined;
  plan: AppendPlan;
  sealed: SealedEvent[];
}

/**
 * Indexed rather than destructured: array destructuring goes through the iterator protocol, a hot path here. A row
 * that is no longer JSON was changed outside the store, and is named as such.
 */
function toRecorded(row: Row): RecordedEvent {
  let data: unknown;
  let metadata: RecordedEvent['metadata'];
  try {
    data = JSON.parse(row[5]);
    metadata = JSON.parse(row[6]);
  } catch {
    throw new TamperedStreamError({
      stream: row[1],
      revision: String(row[2]),
      position: String(row[0]),
      eventId: row[3],
      reason: 'the stored event is not JSON',
    });
  }
  return {
    id: row[3],
    type: row[4],
    data,
    metadata,
    stream: row[1],
    revision: row[2],
    position: row[0],
    createdAt: new Date(Number(row[7])),
  };
}

import type Database from 'better-sqlite3';
import { openSqlite } from './open-sqlite';
import type { AppendResult, ExpectedRevision, RecordedEvent } from '../event-store';
import { InvalidEventError, TamperedStreamError, WrongExpectedVersionError } from '../errors';
import { AppendPlan, planAppend, StoredRef, StreamLookup } from '../append-plan';
import {
  GENESIS_HASH,
  JsonEvent,
  ownHashFailure,
  SealedEvent,
  sealJsonEvents,
  VerificationFailure,
} from '../hash-chain';

export const SCHEMA = `
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

export const COLUMNS = 'position, stream, revision, id, type, data, metadata, created_at';
/** Integers as BigInt: a position or revision past 2^53 (only ever written by hand) must not read back as another. */
export type Row = [bigint, string, bigint, string, string, string, string, bigint];

/** One append as it travels to the writer: the events already JSON text, so nothing but strings is copied. */
export interface AppendRequest {
  stream: string;
  events: JsonEvent[];
  expectedRevision: ExpectedRevision;
}

export type AppendOutcome = { ok: true; value: AppendResult } | { ok: false; error: unknown };

/** What the store sends to its writer's thread, in order. */
export type ToWriter =
  | { kind: 'write'; batch: AppendRequest[]; createdAt: number }
  | { kind: 'refuse'; failure: VerificationFailure }
  | { kind: 'close' };

/** The writer's answer to each `write`: every append's outcome, or the failure of the whole batch. */
export type FromWriter =
  | {
      kind: 'written';
      outcomes: Array<{ ok: true; value: AppendResult } | { ok: false; error: CrossingError }>;
    }
  | { kind: 'failed'; error: CrossingError };

/** A stream's last revision and hash: what the next append chains onto. */
interface Head {
  revision: bigint;
  hash: string;
}

/** Stream heads remembered between appends; past this many the least recently written are read again when needed. */
const REMEMBERED_HEADS = 10_000;

/**
 * The event store's one writing connection. `write` takes a batch of appends and writes it in one transaction (one
 * fsync). Each append is checked and sealed before any of its events is inserted, so a refused append writes
 * nothing and the others go on; an insert that fails fails the whole batch.
 *
 * Heads: the head an append chains onto is read and its hash checked (a change made while this process was not
 * looking) the first time; after that the head this connection wrote is remembered, for as long as SQLite's
 * `data_version` shows no other connection has written to the file (a replica, or someone editing it).
 */
export class SqliteWriter {
  private readonly db: Database.Database;
  /** Streams the log's verifier found broken, with why. */
  private readonly refused = new Map<string, VerificationFailure>();
  /** Heads checked or written by this connection, valid while `data_version` stays `headsVersion`. */
  private readonly heads = new Map<string, Head>();
  private headsVersion: number | undefined;
  private readonly statements: ReturnType<SqliteWriter['prepare']>;

  constructor(file: string) {
    this.db = openSqlite(file, { durability: 'full' });
    this.db.exec(SCHEMA);
    this.statements = this.prepare();
  }

  private prepare() {
    const raw = (sql: string) => this.db.prepare(sql).raw(true).safeIntegers(true);
    return {
      insert: this.db.prepare(
        'INSERT INTO events (stream, revision, id, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      headEvent: raw(`SELECT ${COLUMNS} FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1`),
      at: raw('SELECT id, revision, position FROM events WHERE stream = ? AND revision = ?'),
      // No index on id: it would halve insert throughput, and only appends with `any`/`stream_exists` look ids up,
      // within one stream (found through the (stream, revision) index).
      byId: raw('SELECT id, revision, position FROM events WHERE stream = ? AND id = ? LIMIT 1'),
      // Changes when another connection commits to the file; not when this one does.
      dataVersion: this.db.prepare('PRAGMA data_version').pluck(),
    };
  }

  /** Writes the batch in one transaction; throws, with nothing written, when that transaction fails as a whole. */
  write(batch: AppendRequest[], createdAt: number): AppendOutcome[] {
    const outcomes: AppendOutcome[] = [];
    try {
      // IMMEDIATE: the write lock before the heads are read, so a process sharing the file that commits meanwhile
      // makes this one wait (busy_timeout) rather than fail on a stale snapshot.
      this.db
        .transaction(() => {
          this.forgetHeadsIfOthersWrote();
          for (const append of batch) {
            let planned: PlannedWrite;
            try {
              planned = this.plan(append);
            } catch (error) {
              outcomes.push({ ok: false, error });
              continue;
            }
            outcomes.push({ ok: true, value: this.insert(planned, createdAt) });
          }
        })
        .immediate();
    } catch (error) {
      // What was remembered during the failed transaction was never written.
      this.heads.clear();
      throw error;
    }
    return outcomes;
  }

  refuseAppendsTo(failure: VerificationFailure): void {
    if (!this.refused.has(failure.stream)) this.refused.set(failure.stream, failure);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private forgetHeadsIfOthersWrote(): void {
    const version = this.statements.dataVersion.get() as number;
    if (version !== this.headsVersion) this.heads.clear();
    this.headsVersion = version;
  }

  /** Everything that can refuse an append, before anything of it is written. */
  private plan({ stream, events, expectedRevision }: AppendRequest): PlannedWrite {
    const head = this.trustedHead(stream);
    const plan = planAppend(stream, expectedRevision, events, this.lookup(stream, head));
    if (plan.kind === 'already-written' || events.length === 0) return { stream, head, plan, sealed: [] };
    const sealed = sealJsonEvents(stream, plan.firstRevision, head?.hash ?? GENESIS_HASH, events);
    return { stream, head, plan, sealed };
  }

  private insert({ stream, head, plan, sealed }: PlannedWrite, createdAt: number): AppendResult {
    if (plan.kind === 'already-written') {
      return { nextExpectedRevision: plan.nextExpectedRevision, position: plan.position };
    }
    if (sealed.length === 0) return { nextExpectedRevision: head ? head.revision : -1n, position: -1n };
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
export function toRecorded(row: Row): RecordedEvent {
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

/**
 * An error as it crosses between threads: a structured clone keeps an Error's message but not its class or fields,
 * and callers tell the store's errors apart by class.
 */
export type CrossingError =
  | {
      kind: 'wrong-expected-version';
      stream: string;
      expected: ExpectedRevision;
      actual: bigint | 'no_stream';
    }
  | { kind: 'tampered'; failure: VerificationFailure }
  | { kind: 'invalid-event'; message: string }
  | { kind: 'other'; name: string; message: string; code?: unknown };

export function toCrossing(error: unknown): CrossingError {
  if (error instanceof WrongExpectedVersionError) {
    const { stream, expected, actual } = error;
    return { kind: 'wrong-expected-version', stream, expected, actual };
  }
  if (error instanceof TamperedStreamError) return { kind: 'tampered', failure: error.failure };
  if (error instanceof InvalidEventError) return { kind: 'invalid-event', message: error.message };
  const { name = 'Error', message = String(error), code } = error as Partial<Error> & { code?: unknown };
  return { kind: 'other', name, message, code };
}

export function fromCrossing(error: CrossingError): Error {
  switch (error.kind) {
    case 'wrong-expected-version':
      return new WrongExpectedVersionError(error.stream, error.expected, error.actual);
    case 'tampered':
      return new TamperedStreamError(error.failure);
    case 'invalid-event':
      return new InvalidEventError(error.message);
    case 'other':
      return Object.assign(new Error(error.message), { name: error.name, code: error.code });
  }
}

import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import {
  CheckpointedConsumer,
  CheckpointedConsumerOptions,
  EventStore,
  openSqlite,
  RecordedEvent,
} from '@app/event-store';
import type { Projection } from './projection';
import { statement } from './statements';

/** The serving connection's page cache, in KiB (a rebuild's connection has 64 MiB). */
const SERVING_CACHE_KIB = 16 * 1024;

export interface ProjectionRunnerOptions extends Pick<CheckpointedConsumerOptions, 'retry'> {
  /** Most events applied in one transaction. */
  batchSize?: number;
}

/**
 * Keeps the projections of one read-model file up to date from a checkpointed subscription to `$all`. Each batch
 * of events and the checkpoint after it commit in one transaction, so a runner stopped at any moment (even killed)
 * resumes from its checkpoint with no event applied twice or missed. A batch that cannot be applied is retried
 * with backoff, never skipped.
 */
export class ProjectionRunner extends CheckpointedConsumer {
  private db: Database.Database;
  private swapping: Promise<void> = Promise.resolve();
  private waiters: Array<{ position: bigint; resolve: (reached: boolean) => void }> = [];
  /** Events applied by this runner since it was created. */
  applied = 0;

  constructor(
    store: EventStore,
    private current: string,
    private readonly projections: Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    super(store, 'read-models', {
      batchSize: options.batchSize ?? 500,
      retry: options.retry,
    });
    this.db = openServingFile(current, projections);
    this.checkpoint = storedCheckpoint(this.db);
  }

  /** The read-model file in use. */
  get file(): string {
    return this.current;
  }

  /**
   * Carries on from another read-model file (one `rebuildReadModels` built beside this one): queries see it from
   * the next call, the runner resumes from its checkpoint, and waiting reads keep waiting. Swaps take turns.
   * Resolves to the file left behind, or undefined if `file` is already the one in use.
   */
  swapTo(file: string): Promise<string | undefined> {
    const swapped = this.swapping.then(() => this.swap(file));
    this.swapping = swapped.then(
      () => undefined,
      () => undefined,
    );
    return swapped;
  }

  private async swap(file: string): Promise<string | undefined> {
    if (file === this.current) return undefined;
    const wasRunning = this.running;
    await super.stop();
    const previous = { db: this.db, file: this.current };
    this.db = openServingFile(file, this.projections);
    this.current = file;
    this.checkpoint = storedCheckpoint(this.db);
    previous.db.close();
    if (this.checkpoint !== undefined) this.release(this.checkpoint);
    if (wasRunning) this.start();
    return previous.file;
  }

  /** The read-model database, for queries: ask for it at each query, as a rebuild can swap it. */
  get database(): Database.Database {
    return this.db;
  }

  /** Also answers the reads still waiting: nothing more will be applied. */
  override async stop(): Promise<void> {
    await super.stop();
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters = [];
  }

  async close(): Promise<void> {
    await this.stop();
    if (this.db.open) this.db.close();
  }

  /** Resolves true once the views include `position`, false after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs = 5000): Promise<boolean> {
    if (this.checkpoint !== undefined && this.checkpoint >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs).unref();
    });
  }

  /** How far the views are behind the log. */
  async lag(): Promise<{ checkpoint: string | null; head: string; caughtUp: boolean }> {
    const head = await this.store.headPosition();
    const checkpoint = this.checkpoint ?? -1n;
    return {
      checkpoint: this.checkpoint?.toString() ?? null,
      head: head.toString(),
      caughtUp: checkpoint >= head,
    };
  }

  /**
   * Applies the batch's events that the file does not hold yet: API replicas on one DATA_DIR share the file, so
   * another process may have applied some already. The write lock is taken first (IMMEDIATE), so the checkpoint
   * read is the one the batch commits on.
   */
  protected commit(batch: RecordedEvent[]): void {
    const last = batch[batch.length - 1].position;
    this.db
      .transaction(() => {
        const stored = storedCheckpoint(this.db) ?? -1n;
        const fresh = batch.filter((event) => event.position > stored);
        for (const event of fresh)
          for (const projection of this.projections) projection.apply(this.db, event);
        if (last > stored) saveCheckpoint(this.db, last);
        this.applied += fresh.length;
      })
      .immediate();
  }

  protected override committed(position: bigint): void {
    this.release(position);
  }

  /**
   * Once a retry has failed too, waiting reads get their answer now rather than at their timeout (and a rebuild
   * stops): a passing fault, such as a dropped subscription, costs them a moment, a lasting one does not hold them.
   */
  protected override failed(_error: Error, retries: number): void {
    if (retries >= 2) for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
  }

  /** Answers the reads that were waiting for `position` or earlier. */
  private release(position: bigint): void {
    const reached = this.waiters.filter((waiter) => waiter.position <= position);
    this.waiters = this.waiters.filter((waiter) => waiter.position > position);
    for (const waiter of reached) waiter.resolve(true);
  }
}

/**
 * Opens the read-model `file` for `projections`: created if new, started afresh if built by other projections.
 */
export function openReadModelFile(file: string, projections: Projection[]): Database.Database {
  const fingerprint = fingerprintOf(projections);
  let db = open(file);
  // A new, empty file is this process's or another's starting on the same DATA_DIR: removing it would pull the
  // file from under the other (SQLITE_IOERR_DELETE_NOENT when replicas start together).
  const empty = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table'").get() === undefined;
  if (!empty && builtBy(db) !== fingerprint) {
    // Built by other projections (one added, one changed): its checkpoint would hide earlier events from them.
    db.close();
    removeDatabase(file);
    db = open(file);
  }
  // In one transaction, so that another process sees the file empty or built whole, never half made.
  db.transaction(() => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL) STRICT;
       CREATE TABLE IF NOT EXISTS built_by (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL) STRICT;`,
    );
    db.prepare('INSERT OR REPLACE INTO built_by (id, fingerprint) VALUES (1, ?)').run(fingerprint);
    for (const projection of projections) db.exec(projection.schema);
  })();
  return db;
}

/**
 * The runner's file, which answers the queries and takes the log's new events a batch at a time: a page cache of
 * SERVING_CACHE_KIB rather than a rebuild's, as the file system keeps the rest of the file in memory anyway, outside
 * the process (issue 13, target 5).
 */
function openServingFile(file: string, projections: Projection[]): Database.Database {
  const db = openReadModelFile(file, projections);
  db.pragma(`cache_size = -${SERVING_CACHE_KIB}`);
  return db;
}

/** The position of the last event the views in `db` include. */
export function storedCheckpoint(db: Database.Database): bigint | undefined {
  const row = statement(db, 'SELECT position FROM checkpoint WHERE id = 1').get() as
    { position: string } | undefined;
  return row ? BigInt(row.position) : undefined;
}

/** Records that the views in `db` include the log up to `position`: in the transaction that applied it. */
export function saveCheckpoint(db: Database.Database, position: bigint): void {
  statement(
    db,
    'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
  ).run(position.toString());
}

function open(file: string): Database.Database {
  // Read models are disposable (rebuilt from the log), so a lost last transaction after a power cut is fine.
  const db = openSqlite(file, { durability: 'normal' });
  // Views keyed by uuids are written all over their indexes: SQLite's default 2 MB page cache would send most
  // writes of a rebuild to the file system, and most searches too.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  return db;
}

/** What a read-model file was built by: the names, versions and schemas of its projections. */
function fingerprintOf(projections: Projection[]): string {
  const parts = projections.map(({ name, version, schema }) => [name, version ?? 1, schema]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The fingerprint recorded in the file; undefined for a new file (starting it afresh costs nothing). */
function builtBy(db: Database.Database): string | undefined {
  const known = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'built_by'").get();
  if (!known) return undefined;
  const row = db.prepare('SELECT fingerprint FROM built_by WHERE id = 1').get() as
    { fingerprint: string } | undefined;
  return row?.fingerprint;
}

/** Deletes an SQLite file with its WAL and shared-memory files. */
export function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

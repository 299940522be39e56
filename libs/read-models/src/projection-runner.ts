import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AllSubscription, EventStore, RecordedEvent } from '@app/event-store';
import type { Projection } from './projection';

const IDLE = Symbol('idle');

export interface ProjectionRunnerOptions {
  /** Most events applied in one transaction. */
  batchSize?: number;
}

/**
 * Keeps the projections of one read-model file up to date from a checkpointed subscription to `$all`. Each batch
 * of events and the checkpoint after it commit in one transaction, so a runner stopped at any moment (even killed)
 * resumes from its checkpoint with no event applied twice or missed.
 */
export class ProjectionRunner {
  private db: Database.Database;
  private checkpoint: bigint | undefined;
  private subscription: AllSubscription | undefined;
  private running: Promise<void> | undefined;
  private swapping: Promise<void> = Promise.resolve();
  private waiters: Array<{ position: bigint; resolve: (reached: boolean) => void }> = [];
  private readonly batchSize: number;
  /** Events applied by this runner since it was created. */
  applied = 0;
  /** Set if applying a batch failed: the runner stops rather than skip an event. */
  failure: Error | undefined;

  constructor(
    private readonly store: EventStore,
    private current: string,
    private readonly projections: Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.db = this.prepareFile(current);
    this.checkpoint = this.storedCheckpoint();
  }

  /** Opens `file` for these projections: created if new, started afresh if built by other projections. */
  private prepareFile(file: string): Database.Database {
    mkdirSync(dirname(file), { recursive: true });
    const fingerprint = ProjectionRunner.fingerprint(this.projections);
    let db = ProjectionRunner.open(file);
    if (ProjectionRunner.builtBy(db) !== fingerprint) {
      // Built by other projections (one added, one changed): its checkpoint would hide earlier events from them.
      db.close();
      removeDatabase(file);
      db = ProjectionRunner.open(file);
    }
    db.exec(
      `CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL) STRICT;
       CREATE TABLE IF NOT EXISTS built_by (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL) STRICT;`,
    );
    db.prepare('INSERT OR REPLACE INTO built_by (id, fingerprint) VALUES (1, ?)').run(fingerprint);
    for (const projection of this.projections) db.exec(projection.schema);
    return db;
  }

  private storedCheckpoint(): bigint | undefined {
    const row = this.db.prepare('SELECT position FROM checkpoint WHERE id = 1').get() as
      { position: string } | undefined;
    return row ? BigInt(row.position) : undefined;
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
    const wasRunning = this.running !== undefined;
    await this.halt();
    const previous = { db: this.db, file: this.current };
    this.db = this.prepareFile(file);
    this.current = file;
    this.checkpoint = this.storedCheckpoint();
    previous.db.close();
    if (this.checkpoint !== undefined) this.release(this.checkpoint);
    if (wasRunning) this.start();
    return previous.file;
  }

  private static open(file: string): Database.Database {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // Read models are disposable (rebuilt from the log), so a lost last transaction after a power cut is fine.
    db.pragma('synchronous = NORMAL');
    // Views keyed by uuids are written all over their indexes: SQLite's default 2 MB page cache would send most
    // writes of a rebuild to the file system, and most searches too.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    return db;
  }

  /** What a read-model file was built by: the names, versions and schemas of its projections. */
  private static fingerprint(projections: Projection[]): string {
    const parts = projections.map(({ name, version, schema }) => [name, version ?? 1, schema]);
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  /** The fingerprint recorded in the file; undefined for a new file (starting it afresh costs nothing). */
  private static builtBy(db: Database.Database): string | undefined {
    const known = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'built_by'").get();
    if (!known) return undefined;
    const row = db.prepare('SELECT fingerprint FROM built_by WHERE id = 1').get() as
      { fingerprint: string } | undefined;
    return row?.fingerprint;
  }

  /** The read-model database, for queries: ask for it at each query, as a rebuild can swap it. */
  get database(): Database.Database {
    return this.db;
  }

  /** The global position of the last event applied, if any. */
  get position(): bigint | undefined {
    return this.checkpoint;
  }

  start(): void {
    if (this.running) return;
    this.subscription = this.store.subscribeToAll({ fromPosition: this.checkpoint ?? 'start' });
    this.running = this.consume(this.subscription).catch((error: Error) => {
      this.failure = error;
      // Nothing more will be applied: waiting reads get their answer now rather than at their timeout.
      for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
    });
  }

  private async halt(): Promise<void> {
    await this.subscription?.close();
    await this.running;
    this.running = undefined;
  }

  async stop(): Promise<void> {
    await this.halt();
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

  /** Applies events in batches: a batch ends when it is full or when no further event is ready at once. */
  private async consume(subscription: AllSubscription): Promise<void> {
    const events = subscription[Symbol.asyncIterator]();
    let batch: RecordedEvent[] = [];
    // Settles once the events ready now have been taken; one per batch, as it costs a timer.
    let idle: Promise<typeof IDLE> = Promise.resolve(IDLE);
    let next = events.next();
    for (;;) {
      const result = batch.length === 0 ? await next : await Promise.race([next, idle]);
      if (result === IDLE || (result.done && batch.length > 0)) {
        this.apply(batch);
        batch = [];
        if (result === IDLE) continue;
      }
      if (result.done) return;
      if (batch.length === 0) idle = new Promise((resolve) => setImmediate(() => resolve(IDLE)));
      batch.push(result.value);
      next = events.next();
      if (batch.length >= this.batchSize) {
        this.apply(batch);
        batch = [];
      }
    }
  }

  private apply(batch: RecordedEvent[]): void {
    const last = batch[batch.length - 1].position;
    this.db.transaction(() => {
      for (const event of batch) for (const projection of this.projections) projection.apply(this.db, event);
      this.db
        .prepare(
          'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
        )
        .run(last.toString());
    })();
    this.checkpoint = last;
    this.applied += batch.length;
    this.release(last);
  }

  /** Answers the reads that were waiting for `position` or earlier. */
  private release(position: bigint): void {
    const reached = this.waiters.filter((waiter) => waiter.position <= position);
    this.waiters = this.waiters.filter((waiter) => waiter.position > position);
    for (const waiter of reached) waiter.resolve(true);
  }
}

/** Deletes an SQLite file with its WAL and shared-memory files. */
export function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

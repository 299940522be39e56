import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/event-store';

/** A view of the log kept in SQLite tables of the read-model file. */
export interface Projection {
  readonly name: string;
  /** Bump when `apply` changes what it writes: a read-model file built by another version is rebuilt. */
  readonly version?: number;
  /**
   * `CREATE TABLE IF NOT EXISTS …` statements for the projection's own tables. A rebuild drops the indexes made
   * here and runs the schema again after its last event, so `apply` should find rows by their keys.
   */
  readonly schema: string;
  /**
   * For a build from an empty file in one go (a rebuild): `begin` before the first event, `end` after the last, so
   * that work done row by row in normal running (a full-text index) can be done once, in bulk, at the end.
   */
  readonly bulkBuild?: { begin(db: Database.Database): void; end(db: Database.Database): void };
  /** Applies one event, inside the transaction of its batch: no I/O but this database. */
  apply(db: Database.Database, event: RecordedEvent): void;
}

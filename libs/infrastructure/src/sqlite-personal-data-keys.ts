import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { PersonalDataKeys } from '@app/application';
import { openSqlite } from '@app/event-store';

interface PendingKey {
  promise: Promise<Buffer | undefined>;
  settle(error: unknown, key?: Buffer): void;
}

/**
 * Keys in their own SQLite file beside the event store (not in the log, which is never rewritten). A forgotten
 * person keeps a row without a key, so that a key is never silently re-created for them.
 *
 * A key must be on disk before an event sealed with it is (`synchronous=FULL`), and nearly every submission names a
 * new contact: the keys asked for together are written in one transaction, so that they share one fsync, as the
 * event store's group commit shares its own.
 */
export class SqlitePersonalDataKeys extends PersonalDataKeys {
  private readonly db: Database.Database;
  private readonly read: Database.Statement<[string], { key: Buffer | null }>;
  /** New people's keys written in one transaction, each read back: another process may have made (or forgotten) it first. */
  private readonly writeKeys: (personIds: string[]) => Array<Buffer | undefined>;
  private pending = new Map<string, PendingKey>();

  constructor(file: string) {
    super();
    this.db = openSqlite(file, { durability: 'full' });
    this.db.exec(`CREATE TABLE IF NOT EXISTS person_keys (
      person_id    TEXT PRIMARY KEY,
      key          BLOB,
      forgotten_at TEXT
    ) STRICT`);
    this.read = this.db.prepare('SELECT key FROM person_keys WHERE person_id = ?');
    const insert = this.db.prepare<[string, Buffer]>(
      'INSERT INTO person_keys (person_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.writeKeys = this.db.transaction((personIds: string[]) =>
      personIds.map((personId) => {
        insert.run(personId, randomBytes(32));
        return this.read.get(personId)!.key ?? undefined;
      }),
    );
  }

  async keyFor(personId: string): Promise<Buffer | undefined> {
    // Read first: a write (and its fsync) only for a person seen for the first time.
    const row = this.read.get(personId);
    if (row) return row.key ?? undefined;
    return this.created(personId);
  }

  /** A new person's key, written with the others asked for in this turn of the event loop. */
  private created(personId: string): Promise<Buffer | undefined> {
    let pending = this.pending.get(personId);
    if (!pending) {
      let settle!: PendingKey['settle'];
      const promise = new Promise<Buffer | undefined>((resolve, reject) => {
        settle = (error, key) => (error ? reject(error) : resolve(key));
      });
      pending = { promise, settle };
      if (this.pending.size === 0) setImmediate(() => this.writePending());
      this.pending.set(personId, pending);
    }
    return pending.promise;
  }

  private writePending(): void {
    const batch = this.pending;
    this.pending = new Map();
    try {
      const keys = this.writeKeys([...batch.keys()]);
      [...batch.values()].forEach((pending, index) => pending.settle(undefined, keys[index]));
    } catch (error) {
      for (const pending of batch.values()) pending.settle(error);
    }
  }

  async existingKey(personId: string): Promise<Buffer | undefined> {
    return this.read.get(personId)?.key ?? undefined;
  }

  async forget(personId: string, at: Date): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO person_keys (person_id, key, forgotten_at) VALUES (?, NULL, ?)
         ON CONFLICT (person_id) DO UPDATE SET key = NULL, forgotten_at = excluded.forgotten_at WHERE forgotten_at IS NULL`,
      )
      .run(personId, at.toISOString());
    // Overwrite the freed pages too: a deleted key must not linger in the file.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    return result.changes > 0;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

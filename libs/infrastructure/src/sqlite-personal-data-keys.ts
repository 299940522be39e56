import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { PersonalDataKeys } from '@app/application';
import { openSqlite } from '@app/event-store';

/**
 * Keys in their own SQLite file beside the event store (not in the log, which is never rewritten). A forgotten
 * person keeps a row without a key, so that a key is never silently re-created for them.
 */
export class SqlitePersonalDataKeys extends PersonalDataKeys {
  private readonly db: Database.Database;

  constructor(file: string) {
    super();
    this.db = openSqlite(file, { durability: 'full' });
    this.db.exec(`CREATE TABLE IF NOT EXISTS person_keys (
      person_id    TEXT PRIMARY KEY,
      key          BLOB,
      forgotten_at TEXT
    ) STRICT`);
  }

  async keyFor(personId: string): Promise<Buffer | undefined> {
    // Read first: a write (and its fsync) only for a person seen for the first time.
    const row = this.db.prepare('SELECT key FROM person_keys WHERE person_id = ?').get(personId) as
      { key: Buffer | null } | undefined;
    if (row) return row.key ?? undefined;
    this.db
      .prepare('INSERT INTO person_keys (person_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING')
      .run(personId, randomBytes(32));
    return this.existingKey(personId);
  }

  async existingKey(personId: string): Promise<Buffer | undefined> {
    const row = this.db.prepare('SELECT key FROM person_keys WHERE person_id = ?').get(personId) as
      { key: Buffer | null } | undefined;
    return row?.key ?? undefined;
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

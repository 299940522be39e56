import type Database from 'better-sqlite3';
import { openSqlite } from '@app/event-store';
import { EffectsDone } from '../effects-done';

/** `DATA_DIR/effects.sqlite`, shared by the processes on that directory. */
export class SqliteEffectsDone extends EffectsDone {
  private readonly db: Database.Database;
  private readonly find: Database.Statement;
  private readonly insert: Database.Statement;

  constructor(file: string) {
    super();
    // `normal`: a process that crashes loses no commit; a power cut may lose the last ones, which at worst repeats
    // a delivery (at least once) or an attempt's record.
    this.db = openSqlite(file, { durability: 'normal' });
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS effects_done (key TEXT PRIMARY KEY, done_at INTEGER NOT NULL) STRICT',
    );
    this.find = this.db.prepare('SELECT 1 FROM effects_done WHERE key = ?');
    this.insert = this.db.prepare(
      'INSERT INTO effects_done (key, done_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
  }

  has(key: string): Promise<boolean> {
    return Promise.resolve(this.find.get(key) !== undefined);
  }

  record(key: string): Promise<void> {
    this.insert.run(key, Date.now());
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface SqliteOptions {
  /**
   * `full` where an acknowledged commit must survive a power cut (the log, keys, stored responses); `normal` where
   * the file can be rebuilt from the log (read models, checkpoints), which WAL keeps consistent either way.
   */
  durability: 'full' | 'normal';
}

/**
 * Every SQLite file the service keeps is opened here: its folder made, WAL (readers never block the writer, and
 * other processes on the same DATA_DIR can share it), the durability asked for, and a wait rather than an
 * immediate SQLITE_BUSY when another process holds the write lock.
 */
export function openSqlite(file: string, { durability }: SqliteOptions): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  return db;
}

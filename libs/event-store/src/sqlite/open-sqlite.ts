import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface SqliteOptions {
  /**
   * `full` where an acknowledged commit must survive a power cut (the log, keys, stored responses); `normal` where
   * the file can be rebuilt from the log (read models, checkpoints), which WAL keeps consistent either way.
   */
  durability: 'full' | 'normal';
}

/** Owner only: these files hold keys, secrets, and sealed personal data. */
const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;
/** How long opening waits for another process's lock, here and (better-sqlite3's `timeout`) in every statement. */
const BUSY_TIMEOUT_MS = 5000;
const RETRY_PAUSE_MS = 20;

/**
 * Every SQLite file the service keeps is opened here: its folder made, WAL (readers never block the writer, and
 * other processes on the same DATA_DIR can share it), the durability asked for, and a wait rather than an
 * immediate SQLITE_BUSY when another process holds the write lock, even for the switch to WAL itself. The file is
 * made 0600 before SQLite opens it, and SQLite gives its -wal and -shm the file's mode; any of them left looser by an earlier version is tightened.
 */
export function openSqlite(file: string, { durability }: SqliteOptions): Database.Database {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR });
  closeSync(openSync(file, 'a', PRIVATE_FILE));
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  switchToWal(db);
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  for (const path of [file, `${file}-wal`, `${file}-shm`]) keepPrivate(path);
  return db;
}

/**
 * The switch to WAL needs the file to itself. When another process is making the same switch on a new file (two
 * replicas starting on an empty DATA_DIR), SQLite answers SQLITE_BUSY at once instead of calling the busy handler,
 * since waiting while holding a shared lock could deadlock; so the switch is retried until the timeout.
 */
function switchToWal(db: Database.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_PAUSE_MS);
    }
  }
}

/** Takes group and other bits off an existing file. */
function keepPrivate(path: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((mode & 0o077) !== 0) chmodSync(path, mode & PRIVATE_FILE);
}

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from './open-sqlite';

describe('openSqlite', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cns-open-sqlite-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const modeOf = (path: string) => statSync(path).mode & 0o777;

  it('makes the file, its -wal and -shm 0600 and a missing folder 0700, whatever the umask', () => {
    const file = join(dir, 'nested', 'keys.sqlite');
    const umask = process.umask(0o022);
    try {
      const db = openSqlite(file, { durability: 'full' });
      db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
      expect([file, `${file}-wal`, `${file}-shm`].map(modeOf)).toEqual([0o600, 0o600, 0o600]);
      expect(modeOf(join(dir, 'nested'))).toBe(0o700);
      db.close();
    } finally {
      process.umask(umask);
    }
  });

  it('tightens a file and its -wal and -shm left readable by others', () => {
    const file = join(dir, 'events.sqlite');
    const first = openSqlite(file, { durability: 'full' });
    first.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    for (const path of [file, `${file}-wal`, `${file}-shm`]) chmodSync(path, 0o644);

    const second = openSqlite(file, { durability: 'full' });
    expect([file, `${file}-wal`, `${file}-shm`].map(modeOf)).toEqual([0o600, 0o600, 0o600]);
    second.close();
    first.close();
  });

  it('waits for another process that holds the write lock while it switches to WAL, rather than failing at once', async () => {
    // A process still in rollback-journal mode holding the write lock: what a replica starting at the same moment
    // on a new file holds while it switches to WAL. SQLite answers the switch with SQLITE_BUSY at once here.
    const file = join(dir, 'events.sqlite');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require(${JSON.stringify(require.resolve('better-sqlite3'))}))(${JSON.stringify(file)});
         db.exec('CREATE TABLE t (x); BEGIN; INSERT INTO t VALUES (1)');
         console.log('holding');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await once(holder.stdout, 'data');

    const db = openSqlite(file, { durability: 'full' });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT x FROM t').pluck().all()).toEqual([1]);
    db.close();
    await once(holder, 'exit');
  });
});

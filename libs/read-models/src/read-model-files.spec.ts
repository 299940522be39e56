import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RecordedEvent, SqliteEventStore } from '@app/event-store';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { dumpReadModel } from './read-model-dump';
import { currentReadModelFile, rebuildReadModels, watchReadModelPointer } from './read-model-files';

/** Events per stream, with a full-text index over their types, so dumps cover a virtual table's shadows too. */
const perStream: Projection = {
  name: 'per-stream',
  schema: `
    CREATE TABLE IF NOT EXISTS per_stream (stream TEXT PRIMARY KEY, events INTEGER NOT NULL, last TEXT) STRICT;
    CREATE INDEX IF NOT EXISTS per_stream_by_last ON per_stream (last, stream);
    CREATE VIRTUAL TABLE IF NOT EXISTS per_stream_text USING fts5(stream, type);`,
  apply(db: Database.Database, event: RecordedEvent) {
    db.prepare(
      `INSERT INTO per_stream (stream, events, last) VALUES (?, 1, ?)
       ON CONFLICT (stream) DO UPDATE SET events = events + 1, last = excluded.last`,
    ).run(event.stream, event.type);
    db.prepare('INSERT INTO per_stream_text (stream, type) VALUES (?, ?)').run(event.stream, event.type);
  },
};

describe('read-model files: rebuild beside the live one, and swap', () => {
  let dir: string;
  let store: SqliteEventStore;
  const append = (stream: string, type = 'Happened') =>
    store.appendToStream(stream, [{ id: randomUUID(), type, data: {} }]);
  const dumpOf = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return dumpReadModel(db);
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-rebuild-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    for (let n = 0; n < 40; n++) await append(`s-${n % 5}`, n % 2 ? 'Odd' : 'Even');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds the same views as a runner that followed the log, byte for byte, every time', async () => {
    const live = new ProjectionRunner(store, currentReadModelFile(dir), [perStream], { batchSize: 7 });
    live.start();
    expect(await live.waitFor(await store.headPosition())).toBe(true);
    const followed = dumpReadModel(live.database);
    await live.close();

    const first = await rebuildReadModels(store, dir, [perStream], { now: new Date('2026-11-23T10:00:00Z') });
    const second = await rebuildReadModels(store, dir, [perStream], {
      now: new Date('2026-11-23T11:00:00Z'),
    });
    expect(first.events).toBe(40);
    expect(first.position).toBe(await store.headPosition());
    expect(dumpOf(first.file)).toBe(dumpOf(second.file));
    expect(dumpOf(first.file)).toBe(followed);
    expect(followed).toContain('# per_stream_text\n');
    expect(followed).not.toContain('# per_stream_text_data');
    // The pointer names the newest build.
    expect(currentReadModelFile(dir)).toBe(second.file);
  });

  it('builds the same schema as a runner makes, indexes made after the load included, in WAL for the replicas', async () => {
    const schemaOf = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return {
          journal: db.pragma('journal_mode', { simple: true }),
          objects: db
            .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
            .all(),
        };
      } finally {
        db.close();
      }
    };
    const live = new ProjectionRunner(store, currentReadModelFile(dir), [perStream]);
    const followed = schemaOf(live.file);
    await live.close();
    const rebuilt = schemaOf((await rebuildReadModels(store, dir, [perStream])).file);
    expect(rebuilt).toEqual(followed);
    expect(rebuilt.journal).toBe('wal');
    expect(rebuilt.objects).toContainEqual(expect.objectContaining({ name: 'per_stream_by_last' }));
  });

  it('leaves no file behind and the pointer where it was when an event cannot be applied', async () => {
    const failing: Projection = {
      ...perStream,
      apply(db, event) {
        if (event.type === 'Broken') throw new Error('cannot apply');
        perStream.apply(db, event);
      },
    };
    await append('s-broken', 'Broken');
    const before = readdirSync(dir).sort();
    await expect(rebuildReadModels(store, dir, [failing])).rejects.toThrow('cannot apply');
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(currentReadModelFile(dir)).toBe(join(dir, 'read-models.sqlite'));
  });

  it('a runner serving the old file switches to the rebuilt one without refusing reads, and carries on', async () => {
    const runner = new ProjectionRunner(store, currentReadModelFile(dir), [perStream]);
    runner.start();
    expect(await runner.waitFor(await store.headPosition())).toBe(true);
    const swapped: string[] = [];
    const unwatch = watchReadModelPointer(
      dir,
      (file) => void runner.swapTo(file).then((previous) => previous && swapped.push(previous)),
      20,
    );
    try {
      const old = runner.file;
      const rebuilt = await rebuildReadModels(store, dir, [perStream]);
      // A read waiting for an event written after the rebuild is answered by the runner on the new file.
      const { position } = await append('s-after');
      expect(await runner.waitFor(position)).toBe(true);
      for (let attempt = 0; attempt < 100 && swapped.length === 0; attempt++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(swapped).toEqual([old]);
      expect(runner.file).toBe(rebuilt.file);
      expect(await runner.waitFor(position)).toBe(true);
      expect(
        runner.database.prepare('SELECT events FROM per_stream WHERE stream = ?').pluck().get('s-after'),
      ).toBe(1);
      expect(runner.database.prepare('SELECT sum(events) FROM per_stream').pluck().get()).toBe(41);
      expect(existsSync(old)).toBe(true); // removing it is the owner's choice, after the swap
    } finally {
      unwatch();
      await runner.close();
    }
  });
});

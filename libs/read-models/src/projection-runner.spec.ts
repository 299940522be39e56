import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { EventStore, RecordedEvent, retryDelayMs, SqliteEventStore } from '@app/event-store';
import { DroppingSubscriptionStore, statusWhen } from '@app/event-store/testing/dropping-subscription-store';
import type { Projection } from './projection';
import { ProjectionRunner, ProjectionRunnerOptions } from './projection-runner';

/** Counts events per stream, and records each position once: applying an event twice breaks the primary key. */
const counting: Projection = {
  name: 'counting',
  schema: `
    CREATE TABLE IF NOT EXISTS per_stream (stream TEXT PRIMARY KEY, events INTEGER NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS applied (position TEXT PRIMARY KEY, type TEXT NOT NULL) STRICT;`,
  apply(db: Database.Database, event: RecordedEvent) {
    if (event.type === 'Poison') throw new Error('cannot apply this one');
    db.prepare(
      'INSERT INTO per_stream (stream, events) VALUES (?, 1) ON CONFLICT (stream) DO UPDATE SET events = events + 1',
    ).run(event.stream);
    db.prepare('INSERT INTO applied (position, type) VALUES (?, ?)').run(
      event.position.toString(),
      event.type,
    );
  },
};

const dump = (runner: ProjectionRunner) => ({
  perStream: runner.database.prepare('SELECT * FROM per_stream ORDER BY stream').all(),
  applied: runner.database.prepare('SELECT * FROM applied ORDER BY CAST(position AS INTEGER)').all(),
});

describe('ProjectionRunner', () => {
  let dir: string;
  let store: SqliteEventStore;
  const runners: ProjectionRunner[] = [];
  const runner = (name = 'read.sqlite', batchSize?: number) => {
    const created = new ProjectionRunner(store, join(dir, name), [counting], { batchSize });
    runners.push(created);
    return created;
  };
  const runnerOf = (following: EventStore, projections: Projection[], options: ProjectionRunnerOptions) => {
    const created = new ProjectionRunner(following, join(dir, 'read.sqlite'), projections, options);
    runners.push(created);
    return created;
  };
  const append = (stream: string, type = 'Happened') =>
    store.appendToStream(stream, [{ id: randomUUID(), type, data: {} }]);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cns-runner-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    for (const created of runners.splice(0)) await created.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two runners on one file (replicas sharing a DATA_DIR) apply each event once', async () => {
    for (let n = 0; n < 30; n++) await append(`s-${n % 3}`);
    // Each with its own store connection, as two processes would have.
    const other = new SqliteEventStore(join(dir, 'events.sqlite'));
    const first = runner('read.sqlite', 4);
    const second = new ProjectionRunner(other, join(dir, 'read.sqlite'), [counting], { batchSize: 7 });
    runners.push(second);
    first.start();
    second.start();
    const { position } = await append('s-last');
    expect(await first.waitFor(position)).toBe(true);
    expect(await second.waitFor(position)).toBe(true);
    // The primary key of `applied` refuses an event applied twice; the counts show none was skipped.
    expect((await first.status()).state).not.toBe('failing');
    expect((await second.status()).state).not.toBe('failing');
    expect(dump(first).applied).toHaveLength(31);
    expect(dump(first).perStream).toEqual([
      { stream: 's-0', events: 10 },
      { stream: 's-1', events: 10 },
      { stream: 's-2', events: 10 },
      { stream: 's-last', events: 1 },
    ]);
    await second.close();
    await other.close();
  });

  it('catches up with the log, then follows it live; waitFor answers read-your-writes', async () => {
    for (let n = 0; n < 25; n++) await append(`s-${n % 3}`);
    const views = runner('read.sqlite', 10);
    views.start();
    const { position } = await append('s-live');
    expect(await views.waitFor(position)).toBe(true);
    expect(views.position).toBe(position);
    expect(dump(views).perStream).toEqual([
      { stream: 's-0', events: 9 },
      { stream: 's-1', events: 8 },
      { stream: 's-2', events: 8 },
      { stream: 's-live', events: 1 },
    ]);
    expect(await views.lag()).toEqual({
      checkpoint: position.toString(),
      head: position.toString(),
      caughtUp: true,
    });
  });

  it('resumes after a stop from its checkpoint, with the same result as one that never stopped', async () => {
    const first = runner('resumed.sqlite', 7);
    first.start();
    for (let n = 0; n < 30; n++) {
      await append(`s-${n % 4}`);
      if (n === 12) await first.stop();
    }
    await first.close();
    const resumed = runner('resumed.sqlite', 7);
    resumed.start();
    const head = await store.headPosition();
    expect(await resumed.waitFor(head)).toBe(true);

    const fresh = runner('fresh.sqlite');
    fresh.start();
    expect(await fresh.waitFor(head)).toBe(true);
    expect(resumed.failure).toBeUndefined();
    expect(dump(resumed)).toEqual(dump(fresh));
    expect(dump(resumed).applied).toHaveLength(30);
  });

  it('commits a batch and its checkpoint together: a failing event leaves neither half of its batch', async () => {
    const { position: before } = await append('a');
    const views = runner('poisoned.sqlite', 100);
    views.start();
    expect(await views.waitFor(before)).toBe(true);

    // Three events arriving together form one batch; the third cannot be applied.
    await Promise.all([append('b'), append('c'), append('d', 'Poison')]);
    const failing = await statusWhen(views, (status) => status.state === 'failing');
    expect(failing).toMatchObject({
      lastError: 'cannot apply this one',
      checkpoint: before.toString(),
      lag: 3,
    });
    expect(views.failure?.message).toMatch(/cannot apply/);
    expect(views.position).toBe(before);
    expect(dump(views).perStream).toEqual([{ stream: 'a', events: 1 }]);
  });

  it('retries a batch it cannot apply, waiting longer each time, and applies it once the fault is gone', async () => {
    let faulty = true;
    const attempts: number[] = [];
    const fragile: Projection = {
      ...counting,
      apply(db, event) {
        if (event.type === 'Fragile' && faulty) {
          attempts.push(performance.now());
          throw new Error('the fragile event cannot be applied yet');
        }
        counting.apply(db, event);
      },
    };
    await append('a');
    await append('b', 'Fragile');
    await append('c');
    const retry = { firstDelayMs: 20, maxDelayMs: 80 };
    const views = runnerOf(store, [fragile], { retry });
    views.start();

    const failing = await statusWhen(views, (status) => status.retries >= 5);
    expect(failing).toMatchObject({
      name: 'read-models',
      state: 'failing',
      lastError: 'the fragile event cannot be applied yet',
      checkpoint: null,
    });
    // Each retry waited at least its backoff (20, 40, 80, then the 80 ms cap); a timer may fire a millisecond early.
    const waited = attempts.slice(1, 5).map((at, n) => at - attempts[n]);
    waited.forEach((ms, n) => expect(ms).toBeGreaterThanOrEqual(retryDelayMs(n + 1, retry) - 1));

    faulty = false;
    expect(await views.waitFor(await store.headPosition())).toBe(true);
    expect(dump(views).applied.map((row) => (row as { type: string }).type)).toEqual([
      'Happened',
      'Fragile',
      'Happened',
    ]);
    expect(await views.status()).toMatchObject({ state: 'running', retries: 0, lag: 0 });
    expect(views.failure).toBeUndefined();
  });

  it.each(['throws', 'ends'] as const)(
    'resumes from its checkpoint when its subscription %s, with no event lost or applied twice',
    async (ending) => {
      for (let n = 0; n < 40; n++) await append(`s-${n % 4}`);
      // Dropped after 25 events, in the middle of the third batch of 10.
      const views = runnerOf(new DroppingSubscriptionStore(store, 25, ending), [counting], {
        batchSize: 10,
        retry: { firstDelayMs: 10 },
      });
      views.start();
      const { position } = await append('s-live');

      expect(await views.waitFor(position)).toBe(true);
      expect(await views.status()).toMatchObject({ state: 'running', retries: 0, lag: 0 });
      expect((await views.status()).lastError).toMatch(/lost|ended unexpectedly/);
      // The counting projection's primary key refuses an event applied twice: 41 rows means each exactly once.
      expect(dump(views).applied).toHaveLength(41);
    },
  );

  it('rebuilds a file built by other projections, so a projection added later sees the whole log', async () => {
    const positions = [(await append('s-1')).position, (await append('s-2')).position];
    const first = runner();
    first.start();
    expect(await first.waitFor(positions[1])).toBe(true);
    await first.close();

    const added: Projection = {
      name: 'added',
      schema: 'CREATE TABLE IF NOT EXISTS seen (position TEXT PRIMARY KEY) STRICT;',
      apply: (db, event) =>
        void db.prepare('INSERT INTO seen (position) VALUES (?)').run(event.position.toString()),
    };
    const second = new ProjectionRunner(store, join(dir, 'read.sqlite'), [counting, added]);
    runners.push(second);
    second.start();
    expect(await second.waitFor(positions[1])).toBe(true);
    expect(second.database.prepare('SELECT position FROM seen ORDER BY position').pluck().all()).toEqual(
      positions.map(String),
    );
    expect(dump(second).applied).toHaveLength(2);
  });

  it('keeps a file built by the same projections, resuming from its checkpoint', async () => {
    const { position } = await append('s-1');
    const first = runner();
    first.start();
    expect(await first.waitFor(position)).toBe(true);
    await first.close();
    expect(runner().position).toBe(position);
  });

  it('waitFor gives up after its timeout', async () => {
    const views = runner();
    expect(await views.waitFor(10n, 50)).toBe(false);
  });
});

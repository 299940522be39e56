import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStreamOptions, SqliteEventStore } from '@app/event-store';
import { foldStream } from './folded-streams';

/** Counts events by type: enough to see what was folded. */
const counter = {
  initialState: {} as Record<string, number>,
  evolve: (state: Record<string, number>, event: { type: string }) => ({
    ...state,
    [event.type]: (state[event.type] ?? 0) + 1,
  }),
};

describe('foldStream', () => {
  let dir: string;
  let store: SqliteEventStore;
  const reads: Array<ReadStreamOptions | undefined> = [];
  const append = (stream: string, type: string) =>
    store.appendToStream(stream, [{ id: randomUUID(), type, data: {} }]);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cns-fold-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    // Watch which reads the fold asks the real store for.
    const readStream = store.readStream.bind(store);
    store.readStream = (stream, options) => {
      reads.push(options);
      return readStream(stream, options);
    };
    reads.length = 0;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds a stream to its head, and later reads only the events written since', async () => {
    await append('s', 'A');
    await append('s', 'B');
    const first = await foldStream(store, 's', counter);
    expect(first.state).toEqual({ A: 1, B: 1 });
    expect(first.revision).toBe(1n);

    const { position } = await append('s', 'A');
    const second = await foldStream(store, 's', counter);
    expect(second).toMatchObject({ state: { A: 2, B: 1 }, revision: 2n, position });
    expect(reads).toEqual([undefined, { fromRevision: 2n }]);
    // The state folded before is left as it was.
    expect(first.state).toEqual({ A: 1, B: 1 });
  });

  it('gives the initial state for a stream that does not exist, and finds it once written', async () => {
    const missing = await foldStream(store, 'missing', counter);
    expect(missing.state).toEqual({});
    expect(missing.revision).toBeUndefined();
    await append('missing', 'A');
    expect((await foldStream(store, 'missing', counter)).state).toEqual({ A: 1 });
  });

  it('keeps folds apart per store: another store on the same file sees its own appends', async () => {
    await append('s', 'A');
    await foldStream(store, 's', counter);
    const other = new SqliteEventStore(join(dir, 'events.sqlite'));
    try {
      await other.appendToStream('s', [{ id: randomUUID(), type: 'B', data: {} }]);
      expect((await foldStream(store, 's', counter)).state).toEqual({ A: 1, B: 1 });
      expect((await foldStream(other, 's', counter)).state).toEqual({ A: 1, B: 1 });
    } finally {
      await other.close();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventStoreContract, anEvent } from '../testing/event-store.contract';
import { GroupCommit, SqliteEventStore } from './sqlite-event-store';
import { TamperedStreamError, WrongExpectedVersionError } from '../errors';
import { verifyAll } from '../hash-chain';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cns-store-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

eventStoreContract('SqliteEventStore', async () => new SqliteEventStore(tempFile()));

describe('SqliteEventStore', () => {
  it('uses WAL with synchronous=FULL', async () => {
    const store = new SqliteEventStore(tempFile());
    const db = new Database(store.file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // synchronous is per connection: read it from the store's own.
    expect((store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(
      2,
    );
    await store.close();
  });

  it('commits appends that arrive together in one transaction, each succeeding or failing on its own', async () => {
    const store = new SqliteEventStore(tempFile());
    await store.appendToStream('s-1', [anEvent()], { expectedRevision: 'no_stream' });
    const before = store.transactionsCommitted;

    const outcomes = await Promise.allSettled([
      store.appendToStream('s-1', [anEvent()], { expectedRevision: 0n }),
      store.appendToStream('s-1', [anEvent()], { expectedRevision: 0n }), // loses to the first, in the same batch
      store.appendToStream('s-2', [anEvent(), anEvent()], { expectedRevision: 'no_stream' }),
      store.appendToStream('s-1', [anEvent()], { expectedRevision: 1n }), // sees the first one's write
    ]);

    expect(store.transactionsCommitted - before).toBe(1);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    expect((await store.readStream('s-1')).length).toBe(3);
    expect((await store.readStream('s-2')).length).toBe(2);
    expect((await verifyAll(store)).ok).toBe(true);
    await store.close();
  });

  it('tells its watcher of each group commit once durable: its appends and how long each waited', async () => {
    const store = new SqliteEventStore(tempFile());
    const commits: GroupCommit[] = [];
    store.onCommit = (commit) => commits.push(commit);

    const started = performance.now();
    await Promise.allSettled([
      store.appendToStream('s-1', [anEvent()], { expectedRevision: 'no_stream' }),
      store.appendToStream('s-1', [anEvent()], { expectedRevision: 'no_stream' }), // refused, still in the batch
      store.appendToStream('s-2', [anEvent(), anEvent()]),
    ]);
    const waited = (performance.now() - started) / 1000;
    await store.appendToStream('s-3', [anEvent()]);

    expect(commits.map(({ appends }) => appends)).toEqual([3, 1]);
    expect(commits[0].latencies).toHaveLength(3);
    for (const seconds of commits[0].latencies) expect(seconds).toBeGreaterThan(0);
    for (const seconds of commits[0].latencies) expect(seconds).toBeLessThanOrEqual(waited);
    await store.close();
  });

  it('chains onto events another process appended to a stream it wrote before', async () => {
    const file = tempFile();
    const store = new SqliteEventStore(file);
    const replica = new SqliteEventStore(file);
    await store.appendToStream('shared', [anEvent()], { expectedRevision: 'no_stream' });
    await replica.appendToStream('shared', [anEvent()], { expectedRevision: 0n });

    await expect(
      store.appendToStream('shared', [anEvent()], { expectedRevision: 0n }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(
      store.appendToStream('shared', [anEvent()], { expectedRevision: 1n }),
    ).resolves.toMatchObject({ nextExpectedRevision: 2n });
    expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 3 });
    await replica.close();
    await store.close();
  });

  it('keeps every chain whole while two stores on one file take turns at the same streams', async () => {
    const file = tempFile();
    const stores = [new SqliteEventStore(file), new SqliteEventStore(file)];
    let acknowledged = 0;
    // Each loop appends at the revision it last saw; losing to the other store, it reads the stream and tries again.
    const loop = async (store: SqliteEventStore, stream: string) => {
      let expected: bigint | 'no_stream' | 'any' = 'any';
      for (let appended = 0; appended < 30;) {
        try {
          ({ nextExpectedRevision: expected } = await store.appendToStream(stream, [anEvent()], {
            expectedRevision: expected,
          }));
          appended += 1;
          acknowledged += 1;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          [{ revision: expected }] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
        }
      }
    };
    await Promise.all(stores.flatMap((store) => ['s-1', 's-2', 's-3'].map((stream) => loop(store, stream))));

    expect(await verifyAll(stores[0])).toMatchObject({ ok: true, eventsChecked: acknowledged });
    await Promise.all(stores.map((store) => store.close()));
  });

  it('keeps acknowledged events across a reopen', async () => {
    const file = tempFile();
    const store = new SqliteEventStore(file);
    const events = [anEvent(), anEvent()];
    const { position } = await store.appendToStream('kept', events);
    await store.close();

    const reopened = new SqliteEventStore(file);
    expect((await reopened.readStream('kept')).map((event) => event.id)).toEqual(
      events.map((event) => event.id),
    );
    expect(await reopened.headPosition()).toBe(position);
    expect(reopened.integrityCheck()).toBe('ok');
    await reopened.close();
  });

  it('flushes queued appends on close', async () => {
    const file = tempFile();
    const store = new SqliteEventStore(file);
    const pending = store.appendToStream('late', [anEvent()]);
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0n });
  });

  describe('tamper evidence', () => {
    async function tamperedStore(change: (db: Database.Database) => void) {
      const file = tempFile();
      const store = new SqliteEventStore(file);
      await store.appendToStream('ledger-a', [anEvent('A', { amount: 100 }), anEvent('B', { amount: 200 })]);
      await store.appendToStream('ledger-b', [anEvent('C', { amount: 300 })]);
      await store.appendToStream('ledger-a', [anEvent('D', { amount: 400 })]);
      await store.close();
      const db = new Database(file);
      change(db);
      db.close();
      return new SqliteEventStore(file);
    }

    it('names the event whose data was changed', async () => {
      const store = await tamperedStore((db) =>
        db
          .prepare(`UPDATE events SET data = '{"amount":201}' WHERE stream = 'ledger-a' AND revision = 1`)
          .run(),
      );
      const result = await verifyAll(store);
      expect(result.ok).toBe(false);
      expect(result.firstFailure).toMatchObject({
        stream: 'ledger-a',
        revision: '1',
        reason: expect.stringMatching(/hash/),
      });
      await store.close();
    });

    it('names the event after one that was removed', async () => {
      const store = await tamperedStore((db) =>
        db.prepare(`DELETE FROM events WHERE stream = 'ledger-a' AND revision = 1`).run(),
      );
      const result = await verifyAll(store);
      expect(result).toMatchObject({ ok: false, firstFailure: { stream: 'ledger-a', revision: '2' } });
      await store.close();
    });

    it('detects a re-hashed event through the next event of the chain', async () => {
      // A forger who also recomputes the changed event's own hash still breaks its successor's prevHash.
      const { hashEvent } = await import('../hash-chain');
      const store = await tamperedStore((db) => {
        const row = db.prepare(`SELECT * FROM events WHERE stream = 'ledger-a' AND revision = 0`).get() as {
          metadata: string;
        };
        const metadata = JSON.parse(row.metadata);
        const data = { amount: 101 };
        const hash = hashEvent(metadata.prevHash, {
          stream: 'ledger-a',
          revision: 0n,
          id: (row as never)['id'],
          type: 'A',
          data,
          metadata,
        });
        db.prepare(`UPDATE events SET data = ?, metadata = ? WHERE stream = 'ledger-a' AND revision = 0`).run(
          JSON.stringify(data),
          JSON.stringify({ ...metadata, hash }),
        );
      });
      const result = await verifyAll(store);
      expect(result).toMatchObject({
        ok: false,
        firstFailure: { stream: 'ledger-a', revision: '1', reason: expect.stringMatching(/prevHash/) },
      });
      await store.close();
    });

    /** Appends one event to `stream` and answers its refusal (undefined if none): nothing may have been written. */
    async function refusedAppend(store: SqliteEventStore, stream: string): Promise<unknown> {
      const head = await store.headPosition();
      const refusal = await store.appendToStream(stream, [anEvent('E')]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(await store.headPosition()).toBe(head);
      return refusal;
    }

    it('refuses to chain onto a head whose content no longer matches its hash', async () => {
      const store = await tamperedStore((db) =>
        db
          .prepare(`UPDATE events SET data = '{"amount":401}' WHERE stream = 'ledger-a' AND revision = 2`)
          .run(),
      );
      const refusal = await refusedAppend(store, 'ledger-a');
      expect(refusal).toBeInstanceOf(TamperedStreamError);
      expect(refusal).toMatchObject({
        failure: { stream: 'ledger-a', revision: '2', reason: 'hash does not match the event content' },
      });
      await expect(store.appendToStream('ledger-b', [anEvent('F')])).resolves.toMatchObject({
        nextExpectedRevision: 1n,
      });
      await store.close();
    });

    it('refuses to chain onto a head that is no longer JSON', async () => {
      const store = await tamperedStore((db) =>
        db
          .prepare(`UPDATE events SET data = '{"amount":40' WHERE stream = 'ledger-b' AND revision = 0`)
          .run(),
      );
      expect(await refusedAppend(store, 'ledger-b')).toMatchObject({
        failure: { stream: 'ledger-b', revision: '0', reason: 'the stored event is not JSON' },
      });
      await store.close();
    });

    it('checks the head again once another connection has written, though this store wrote it', async () => {
      const file = tempFile();
      const store = new SqliteEventStore(file);
      await store.appendToStream('ledger-a', [anEvent('A', { amount: 100 })]);
      await store.appendToStream('ledger-b', [anEvent('B', { amount: 200 })]);
      const db = new Database(file);
      db.prepare(`UPDATE events SET data = '{"amount":101}' WHERE stream = 'ledger-a'`).run();
      db.close();

      expect(await refusedAppend(store, 'ledger-a')).toMatchObject({
        failure: { stream: 'ledger-a', revision: '0', reason: 'hash does not match the event content' },
      });
      await expect(store.appendToStream('ledger-b', [anEvent('C')])).resolves.toMatchObject({
        nextExpectedRevision: 1n,
      });
      await store.close();
    });

    it('refuses appends to a stream the verifier found broken, though its head holds', async () => {
      const store = await tamperedStore(() => undefined);
      const [first] = await store.readStream('ledger-a');
      store.refuseAppendsTo({
        stream: 'ledger-a',
        revision: '0',
        position: first.position.toString(),
        eventId: first.id,
        reason: 'hash does not match the event content',
      });
      expect(await refusedAppend(store, 'ledger-a')).toMatchObject({
        name: 'TamperedStreamError',
        failure: { stream: 'ledger-a', revision: '0' },
      });
      await store.close();
    });
  });
});

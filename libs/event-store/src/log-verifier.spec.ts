import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TamperedStreamError } from './errors';
import { GENESIS_HASH, sealEvents } from './hash-chain';
import { LogVerifier } from './log-verifier';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { anEvent } from './testing/event-store.contract';

describe('LogVerifier', () => {
  let dir: string;
  let store: SqliteEventStore;
  let verifier: LogVerifier;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cns-log-verifier-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    verifier = new LogVerifier(store);
  });
  afterEach(async () => {
    await verifier.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Until the verifier has checked `count` events. */
  async function checked(count: number): Promise<void> {
    for (let attempt = 0; attempt < 200 && verifier.integrity().eventsChecked < count; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(verifier.integrity().eventsChecked).toBe(count);
  }

  it('checks the log it starts on, then each event appended after, and finds nothing wrong in a sound log', async () => {
    await store.appendToStream('a', [anEvent(), anEvent()]);
    verifier.start();
    await checked(2);
    await store.appendToStream('b', [anEvent()]);
    await store.appendToStream('a', [anEvent()]);
    await checked(4);
    expect(verifier.integrity()).toEqual({ eventsChecked: 4, streamsChecked: 2, brokenStreams: [] });
  });

  it('finds an event forged by another writer as it arrives, and has the store refuse appends to its stream from then on', async () => {
    await store.appendToStream('a', [anEvent()]);
    verifier.start();
    await checked(1);

    // Another process on the file, not going through the store, adds an event sealed onto the start of a chain
    // rather than onto the stream's head: its own hash holds, so only following the chain finds it.
    const [forged] = sealEvents('a', 1n, GENESIS_HASH, [anEvent('Forged', { amount: 1 })]);
    const db = new Database(store.file);
    db.prepare(
      'INSERT INTO events (stream, revision, id, type, data, metadata, created_at) VALUES (?, 1, ?, ?, ?, ?, 0)',
    ).run('a', forged.id, forged.type, forged.dataJson, JSON.stringify(forged.metadata));
    db.close();
    await store.appendToStream('b', [anEvent()]);
    await checked(3);

    expect(verifier.integrity()).toMatchObject({
      firstFailure: { stream: 'a', revision: '1', reason: expect.stringMatching(/prevHash/) },
      brokenStreams: [{ stream: 'a' }],
    });
    await expect(store.appendToStream('a', [anEvent()])).rejects.toBeInstanceOf(TamperedStreamError);
    await expect(store.appendToStream('b', [anEvent()])).resolves.toMatchObject({ nextExpectedRevision: 1n });
  });

  it('names an event that is no longer JSON, where every follower of the log stops', async () => {
    await store.appendToStream('a', [anEvent()]);
    await store.appendToStream('b', [anEvent()]);
    const db = new Database(store.file);
    db.prepare("UPDATE events SET data = '{\"n\":' WHERE stream = 'a'").run();
    db.close();
    verifier.start();
    for (let attempt = 0; attempt < 200 && !verifier.integrity().firstFailure; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 10));

    expect(verifier.integrity().firstFailure).toMatchObject({
      stream: 'a',
      revision: '0',
      reason: 'the stored event is not JSON',
    });
    await expect(store.appendToStream('a', [anEvent()])).rejects.toBeInstanceOf(TamperedStreamError);
  });
});

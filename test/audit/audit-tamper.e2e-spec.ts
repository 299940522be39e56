import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Logger } from '@nestjs/common';
import {
  exportLog,
  GENESIS_HASH,
  hashEvent,
  LogVerification,
  sealEvents,
  SqliteEventStore,
  TamperedStreamError,
  verifyExport,
} from '@app/event-store';
import { generateSigner, parseVerifierKey } from '@app/ledger';
import { Checkpointer } from '../../apps/api/src/ledger/checkpointer';
import { LedgerTree } from '../../apps/api/src/ledger/ledger-tree';
import { runCli } from '../support/cli';
import { eventually } from '../support/eventually';
import { enrolSeatedNetworks, RunningApi, startApi } from '../support/running-api';
import { PracticeSteps, SEATS } from './practice-steps';

/**
 * The tamper suite (issue 10): a log of more than 1,000 events made through the HTTP API, with signed checkpoints
 * along it and one at its head, changed on disk with better-sqlite3 as anyone holding the file could change it:
 * single-byte changes over every event and every column the history is made of, events deleted, inserted, swapped
 * or moved, and streams' tails rewritten with their hashes recomputed. Every change must be refused by both
 * verifiers, each naming the same first bad index:
 * - `/audit/verify`'s check, `LedgerTree.verifyLog` (the route's whole body but the witness summary), run in-process
 *   on the changed file for every change, by a ledger tree that read the log before the change (a server whose file
 *   is changed under it): a server started per change would take the suite past half an hour;
 * - the offline verifier, `verifyExport` (the function `audit verify-export` runs), over the lines `exportLog` (the
 *   export route's generator) makes from the changed file, cut short where the store can no longer read it, as the
 *   route cuts its body;
 * - and for the first TAMPER_HTTP_PER_KIND changes of each kind past the first 500 events (HTTP_FROM; default 1,
 *   `npm run test:tamper` runs 24), the real
 *   thing: a server started on a copy of the changed file (its ledger tree read from it) answering GET /audit/verify
 *   over HTTP, and the CLI (`npm run cli -- audit verify-export --key`) run on what GET /audit/export answered.
 *
 * The index named: a change the chains see (any byte of id, stream, type, revision, data or metadata, hashes
 * included; two events of a stream swapped) is named at its own index. A change no chain can see (a stream's last
 * event deleted, a whole stream, a forged event inserted, a stream's tail rewritten with its hashes, two streams'
 * events swapped, an event moved) is caught by a signed root, and one root cannot say which of its leaves changed:
 * it is named as the range between the last checkpoint whose root holds and the first that does not, which
 * contains it. An event deleted or moved from the middle of its stream is named where the stream's chain breaks (its
 * next event), or by the range when a checkpoint lies between. `expected()` below says which, from the change alone.
 *
 * `created_at`, the store's clock, is not part of the history (not hashed, not exported, read by nothing): changed,
 * it changes no answer, as the last test shows. Deleting the record of the latest checkpoint itself (the log's very
 * last event) leaves a log that verifies against the checkpoint before it: only a checkpoint kept outside the store
 * (a witness's, an auditor's copy) can show such a truncation, so the last event deleted here is the last one the
 * head checkpoint covers.
 */

const FACILITATOR = 'facilitator-token-for-the-tamper-suite-0123456789ab';
const ORIGIN = 'tamper.test';
const SIGNER = generateSigner(ORIGIN);
const ENV = {
  BOOTSTRAP_TOKEN: FACILITATOR,
  RATE_LIMIT_PER_MINUTE: '1000000',
  CHECKPOINT_INTERVAL_SECONDS: '3600',
  LEDGER_ORIGIN: ORIGIN,
  LEDGER_SIGNER_KEY: SIGNER.signerKey,
};
const EVENTS_WANTED = 1000;
/** A checkpoint is signed each time the log has grown by this many events, and once more at its head. */
const CHECKPOINT_EVERY = 150;
const BYTE_CHANGES = 2160;
const HTTP_PER_KIND = Number(process.env.TAMPER_HTTP_PER_KIND ?? 1);
/**
 * Servers are started only on logs changed past the first 500 events: the read models apply the log in batches of
 * 500 (ProjectionRunner), and a change that makes one fail holds back the whole first batch, the auditors' tokens
 * with it, so no auditor could ask.
 */
const HTTP_FROM = 500;

interface Row {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  created_at: number;
}

interface Mutation {
  kind: string;
  /** The first ledger index whose event is no longer what the checkpoints signed. */
  at: number;
  /** Where, in the changed log, a stream's chain first breaks; none when every chain still holds. */
  chainAt?: number;
  apply(db: Database.Database): void;
  /** The only positions the change touched, to put back; without them the whole log is put back. */
  touched?: bigint[];
}

interface Named {
  index: number;
  treeSize?: number;
}

/** A deterministic sequence, so that a failing change can be made again. */
function seeded(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % below;
  };
}

describe('the tamper suite: the stored log changed, caught by /audit/verify and the offline verifier', () => {
  const key = parseVerifierKey(SIGNER.verifierKey);
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cns-tamper-'));
    dirs.push(dir);
    return dir;
  };
  let pristine: string;
  let rows: Row[];
  /** Auditors' tokens: any one whose network the change left readable will do. */
  let auditors: string[];
  let headSize: number;
  /** The changed log: one store open on it throughout, the change undone between checks. */
  let store: SqliteEventStore;
  let db: Database.Database;
  /** The route's ledger tree, read from the log before any change and then stopped: a server whose file changes. */
  let ledger: LedgerTree;
  const pick = seeded(20261202);

  beforeAll(async () => {
    Logger.overrideLogger(false); // a ledger tree over an unreadable log logs each retry
    const api: RunningApi = await startApi('tamper', ENV);
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, SEATS);
    auditors = SEATS.map((seat) => coordinators[seat].token);
    const steps = new PracticeSteps(
      api,
      Object.fromEntries(SEATS.map((seat) => [seat, coordinators[seat].token])),
    );
    const sign = () => api.app.get(Checkpointer).signIfGrown();
    let signedAt = 0n;
    for (let round = 0; (await api.store.headPosition()) < BigInt(EVENTS_WANTED); round += 1) {
      // The three networks at once, so streams interleave in the log as they do in use.
      await Promise.all(
        SEATS.map(async (owner, n) => {
          const practiceId = await steps.published(owner, `Practice ${round}-${n}`);
          if ((round + n) % 3 === 0)
            await steps.revise(practiceId, owner, `Practice ${round}-${n} revised`, 1);
        }),
      );
      const head = await api.store.headPosition();
      if (head - signedAt >= BigInt(CHECKPOINT_EVERY)) {
        await sign();
        signedAt = head;
      }
    }
    headSize = (await sign())!;
    pristine = join(tempDir(), 'pristine.sqlite');
    const live = new Database(join(api.dataDir, 'events.sqlite'), { readonly: true });
    live.prepare('VACUUM INTO ?').run(pristine);
    live.close();
    await api.close();

    rows = new Database(pristine, { readonly: true })
      .prepare('SELECT * FROM events ORDER BY position')
      .all() as Row[];
    const work = join(tempDir(), 'events.sqlite');
    new Database(pristine, { readonly: true }).prepare('VACUUM INTO ?').run(work);
    store = new SqliteEventStore(work);
    db = new Database(work);
    db.prepare('ATTACH ? AS pristine').run(pristine);
    // The test's own changes need not survive a crash.
    db.pragma('synchronous = OFF');
    ledger = new LedgerTree(store);
    ledger.start();
    expect(await ledger.caughtUp()).toBe(true);
    await ledger.stop();
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    db?.close();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  /** The changed log back as it was made. */
  function restore(touched?: bigint[]) {
    if (!touched) {
      db.transaction(() => db.exec('DELETE FROM events; INSERT INTO events SELECT * FROM pristine.events'))();
      return;
    }
    const remove = db.prepare('DELETE FROM events WHERE position = ?');
    const put = db.prepare('INSERT INTO events SELECT * FROM pristine.events WHERE position = ?');
    db.transaction(() => {
      for (const position of touched) remove.run(position);
      for (const position of touched) put.run(position);
    })();
  }

  // ---- the changes ----

  const streamOf = (stream: string) =>
    rows.map((row, index) => ({ row, index })).filter((e) => e.row.stream === stream);
  /** The index of the next event of row `k`'s stream, if any. */
  const nextInStream = (k: number) =>
    rows.findIndex((row, index) => index > k && row.stream === rows[k].stream);
  const lastOfStream = (k: number) => nextInStream(k) < 0;
  /** Rows the checkpoint at the head covers (the head checkpoint's own record is after them). */
  const covered = () => rows.slice(0, headSize);

  /** `k`'s event no longer where it was: the chain of its stream breaks at its next event, one index earlier. */
  const gone = (k: number) => (lastOfStream(k) ? undefined : nextInStream(k) - 1);

  /** Positions from `position` on made one greater, leaving it free. */
  function makeRoomAt(target: Database.Database, position: number) {
    const shift = 1 << 30;
    target.prepare('UPDATE events SET position = position + ? WHERE position >= ?').run(shift, position);
    target
      .prepare('UPDATE events SET position = position - ? WHERE position >= ?')
      .run(shift - 1, position + shift);
  }
  const insertRow = (target: Database.Database, row: Row) =>
    target
      .prepare(
        'INSERT INTO events (position, stream, revision, id, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(row.position, row.stream, row.revision, row.id, row.type, row.data, row.metadata, row.created_at);

  /** One byte of a text value changed to another printable ASCII byte, within [from, to) of its UTF-8 bytes. */
  function changedText(value: string, from = 0, to = Buffer.byteLength(value)): string {
    const bytes = Buffer.from(value, 'utf8');
    const offsets = [];
    for (let at = from; at < to; at++) if (bytes[at] < 0x80) offsets.push(at);
    const at = offsets[pick(offsets.length)];
    bytes[at] = 0x20 + ((bytes[at] - 0x20 + 1 + pick(94)) % 95);
    return bytes.toString('utf8');
  }
  /** One byte of a 64-bit integer (as SQLite holds it) changed. */
  function changedInteger(value: number): bigint {
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64BE(BigInt(value));
    const at = pick(8);
    bytes[at] ^= 1 + pick(255);
    return bytes.readBigInt64BE();
  }
  /** Where a metadata hash's hex digits lie in the stored JSON. */
  function hashSpan(metadata: string, field: 'prevHash' | 'hash'): [number, number] {
    const start = metadata.indexOf(`"${field}":"`) + field.length + 4;
    return [start, start + 64];
  }

  const COLUMNS = [
    'id',
    'stream',
    'type',
    'revision',
    'data',
    'metadata',
    'prevHash',
    'hash',
    'position',
  ] as const;

  /** A single-byte change of `column` in the event at `k`. */
  function byteChange(k: number, column: (typeof COLUMNS)[number]): Mutation {
    const row = rows[k];
    const update = (sql: string, value: unknown) => (target: Database.Database) =>
      target.prepare(`UPDATE events SET ${sql} = ? WHERE position = ?`).run(value, row.position);
    const touched = [BigInt(row.position)];
    switch (column) {
      case 'id':
      case 'stream':
      case 'type':
      case 'data':
        return {
          kind: `byte: ${column}`,
          at: k,
          chainAt: k,
          apply: update(column, changedText(row[column])),
        };
      case 'metadata': {
        // Anywhere but the two hashes, which have kinds of their own.
        const [prevFrom] = hashSpan(row.metadata, 'prevHash');
        const text = changedText(row.metadata, 0, prevFrom - '"prevHash":"'.length);
        return { kind: 'byte: metadata', at: k, chainAt: k, touched, apply: update('metadata', text) };
      }
      case 'prevHash':
      case 'hash':
        return {
          kind: `byte: metadata.${column}`,
          at: k,
          chainAt: k,
          touched,
          apply: update('metadata', changedText(row.metadata, ...hashSpan(row.metadata, column))),
        };
      case 'revision':
        return {
          kind: 'byte: revision',
          at: k,
          chainAt: k,
          apply: update('revision', changedInteger(row.revision)),
        };
      case 'position': {
        // Positions are the rowid: a changed byte moves the event to the end of the log, or out of it (below 0).
        const moved = changedInteger(row.position);
        return {
          kind: 'byte: position',
          at: k,
          chainAt: gone(k),
          touched: [...touched, moved],
          apply: update('position', moved),
        };
      }
    }
  }

  /** Runs `make` until the change it makes can be stored (a UNIQUE constraint may refuse one). */
  function storable(make: () => Mutation): Mutation {
    for (;;) {
      const mutation = make();
      try {
        db.transaction(() => {
          mutation.apply(db);
          throw new RolledBack();
        })();
      } catch (error) {
        if (error instanceof RolledBack) return mutation;
        if (!/constraint/i.test((error as Error).message)) throw error;
      }
    }
  }

  function byteChanges(): Mutation[] {
    // Every event of the log, each column in turn: each event twice or more, each column about 240 times.
    return Array.from({ length: BYTE_CHANGES }, (_, n) => {
      const k = n % rows.length;
      const column = COLUMNS[(n + Math.floor(n / rows.length)) % COLUMNS.length];
      return storable(() => byteChange(k, column));
    }).filter((mutation) => mutation.kind !== 'byte: position' || mutation.at !== rows.length - 1);
  }

  /** A forged event, hashed as the store hashes: a new stream's first, or the next of an existing stream. */
  function forged(stream: string, revision: number, prevHash: string, position: number): Row {
    const [event] = sealEvents(stream, BigInt(revision), prevHash, [
      {
        id: randomUUID(),
        type: 'PracticePublished',
        data: { practiceId: randomUUID(), version: 1 },
        metadata: { occurredAt: '2026-12-02T10:00:00.000Z', schemaVersion: 1 },
      },
    ]);
    return {
      position,
      stream,
      revision,
      id: event.id,
      type: event.type,
      data: event.dataJson,
      metadata: JSON.stringify(event.metadata),
      created_at: 0,
    };
  }

  function structuralChanges(): Mutation[] {
    const content = covered();
    const some = (count: number, candidates: number[]) =>
      Array.from({ length: Math.min(count, candidates.length) }, () => candidates[pick(candidates.length)]);
    const indices = content.map((_, k) => k);
    const deleteAt = (kind: string) => (k: number) => ({
      kind,
      at: k,
      chainAt: gone(k),
      apply: (target: Database.Database) =>
        target.prepare('DELETE FROM events WHERE position = ?').run(rows[k].position),
    });
    const streams = [...new Set(content.map((row) => row.stream))].filter((stream) => stream !== 'ledger');
    /** The last event of each stream but the ledger's. */
    const ends = indices.filter((k) => lastOfStream(k) && rows[k].stream !== 'ledger');
    const swap =
      (kind: string, chainAt: (k: number) => number | undefined) =>
      ([k, m]: number[]) => ({
        kind,
        at: k,
        chainAt: chainAt(k),
        apply: (target: Database.Database) => {
          const move = target.prepare('UPDATE events SET position = ? WHERE position = ?');
          move.run(-1, rows[k].position);
          move.run(rows[k].position, rows[m].position);
          move.run(rows[m].position, -1);
        },
      });
    const sameStreamPairs = indices
      .filter((k) => !lastOfStream(k) && nextInStream(k) < headSize)
      .map((k) => [k, nextInStream(k)]);
    const crossStreamPairs = indices
      .filter((k) => k + 1 < headSize && rows[k].stream !== rows[k + 1].stream)
      .map((k) => [k, k + 1]);
    return [
      ...some(
        40,
        indices.filter((k) => !lastOfStream(k)),
      ).map(deleteAt('delete: an event')),
      ...some(40, indices.filter(lastOfStream)).map(deleteAt('delete: the last of a stream')),
      deleteAt('delete: the last of the log')(headSize - 1),
      ...some(
        12,
        streams.map((stream) => streamOf(stream)[0].index),
      ).map((k) => ({
        kind: 'delete: a whole stream',
        at: k,
        apply: (target: Database.Database) =>
          target.prepare('DELETE FROM events WHERE stream = ?').run(rows[k].stream),
      })),
      ...some(30, indices).map((k) => ({
        kind: 'insert: a new stream',
        at: k,
        apply: (target: Database.Database) => {
          makeRoomAt(target, rows[k].position);
          insertRow(target, forged(`practice-${randomUUID()}`, 0, GENESIS_HASH, rows[k].position));
        },
      })),
      ...some(
        30,
        indices.filter((k) => ends.some((end) => end < k)),
      ).map((k) => {
        // The next event of a stream whose last event comes before `k`, chained onto it.
        const before = ends.filter((end) => end < k);
        const last = rows[before[pick(before.length)]];
        return {
          kind: 'insert: the next event of a stream',
          at: k,
          apply: (target: Database.Database) => {
            makeRoomAt(target, rows[k].position);
            insertRow(
              target,
              forged(last.stream, last.revision + 1, JSON.parse(last.metadata).hash, rows[k].position),
            );
          },
        };
      }),
      ...some(
        30,
        sameStreamPairs.map((_, n) => n),
      ).map((n) => swap('swap: two events of a stream', (k) => k)(sameStreamPairs[n])),
      ...some(
        30,
        crossStreamPairs.map((_, n) => n),
      ).map((n) => swap('swap: neighbours of two streams', () => undefined)(crossStreamPairs[n])),
      ...some(
        30,
        indices.filter((k) => rows[k].stream !== 'ledger'),
      ).map((k) => ({
        kind: "rewrite: a stream's tail, hashes recomputed",
        at: k,
        apply: (target: Database.Database) => rewriteFrom(target, k),
      })),
    ];
  }

  /** The stream of `k` from `k` on: its first event's data changed, every hash from there recomputed. */
  function rewriteFrom(target: Database.Database, k: number) {
    let prevHash = JSON.parse(rows[k].metadata).prevHash as string;
    for (const { row, index } of streamOf(rows[k].stream).filter(({ index }) => index >= k)) {
      const data = JSON.parse(row.data);
      if (index === k) data.rewritten = true;
      const metadata = { ...JSON.parse(row.metadata), prevHash };
      metadata.hash = hashEvent(prevHash, { ...row, revision: BigInt(row.revision), data, metadata });
      prevHash = metadata.hash;
      target
        .prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?')
        .run(JSON.stringify(data), JSON.stringify(metadata), row.position);
    }
  }

  // ---- what each verifier names, and what it should ----

  /**
   * What the verifiers can name for `mutation`: the checkpoints the log records are read in order until the chains
   * break; the first whose tree size takes in the change fails its root, naming the range from the last that held.
   * With none read that far, the chain's break.
   */
  async function expected(mutation: Mutation): Promise<Named> {
    if (mutation.chainAt === mutation.at) return { index: mutation.at };
    const changed = await store.readAll();
    const readUpTo = mutation.chainAt ?? changed.length;
    const sizes = changed
      .slice(0, readUpTo)
      .filter((event) => event.stream === 'ledger' && event.type === 'CheckpointRecorded')
      .map((event) => (event.data as { treeSize: number }).treeSize)
      .filter((size) => mutation.chainAt === undefined || size <= mutation.chainAt);
    const failing = sizes.find((size) => size > mutation.at);
    if (failing !== undefined)
      return { index: Math.max(0, ...sizes.filter((size) => size <= mutation.at)), treeSize: failing };
    if (mutation.chainAt === undefined) throw new Error(`${mutation.kind} at ${mutation.at} would go unseen`);
    return { index: mutation.chainAt };
  }

  const named = (result: LogVerification): Named | 'accepted' =>
    result.ok
      ? 'accepted'
      : {
          index: result.firstFailure!.index,
          ...(result.firstFailure!.treeSize === undefined ? {} : { treeSize: result.firstFailure!.treeSize }),
        };

  /** The export's lines as the route sends them, ending where the store can no longer read the log. */
  async function* exportedLines(): AsyncGenerator<string> {
    try {
      for await (const line of exportLog(store, new Date(), (count) => ledger.latestWithin(count)))
        yield line.trimEnd();
    } catch (error) {
      // The export route ends its body here: the file lacks its trailer.
      if (!(error instanceof TamperedStreamError)) throw error;
    }
  }

  /** `/audit/verify`'s check and the offline verifier's, in-process, on the log as it is now. */
  async function inProcess(): Promise<{ route: Named | 'accepted'; offline: Named | 'accepted' }> {
    const route = await ledger.verifyLog(key);
    const offline = await verifyExport(exportedLines(), { logKeys: [key] });
    return { route: named(route), offline: named(offline) };
  }

  /** A server started on a copy of the log as it is now: GET /audit/verify, and the CLI on GET /audit/export. */
  async function overHttp(): Promise<{ route: Named | 'accepted'; offline: Named | 'accepted' }> {
    const dataDir = tempDir();
    db.prepare('VACUUM INTO ?').run(join(dataDir, 'events.sqlite'));
    const api = await startApi('tamper-http', { ...ENV, DATA_DIR: dataDir });
    try {
      // Once its views have read the tokens; one of the auditors whose network the change left readable will do.
      const token = await eventually(
        'an auditor the server knows',
        async () => {
          for (const auditor of auditors)
            if ((await api.call('GET', '/me', auditor)).status === 200) return auditor;
          return undefined;
        },
        { timeoutMs: 30_000 },
      );
      const verified = await api.call('GET', '/audit/verify', token);
      expect(verified.status).toBe(200);
      const response = await fetch(`${api.base}/audit/export`, {
        headers: { authorization: `Bearer ${token}` },
      });
      let text = '';
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body!)
          text += decoder.decode(chunk as Uint8Array, { stream: true });
      } catch {
        // Cut short by the server where the log could not be read.
      }
      const file = join(dataDir, 'export.ndjson');
      writeFileSync(file, text);
      const run = await runCli(['audit', 'verify-export', file, '--key', SIGNER.verifierKey], {
        ...process.env,
        DATA_DIR: join(dataDir, 'none'),
      });
      expect(run.status).toBe(named(JSON.parse(run.stdout)) === 'accepted' ? 0 : 1);
      return { route: named(verified.body), offline: named(JSON.parse(run.stdout)) };
    } finally {
      await api.close();
    }
  }

  it('is made through the API: over 1,000 events, checkpoints along it and one at its head, all verifying', async () => {
    expect(headSize).toBeGreaterThanOrEqual(EVENTS_WANTED);
    expect(rows.at(-1)).toMatchObject({ stream: 'ledger', type: 'CheckpointRecorded' });
    expect(JSON.parse(rows.at(-1)!.data).treeSize).toBe(headSize);
    expect(rows.filter((row) => row.type === 'CheckpointRecorded').length).toBeGreaterThan(5);
    expect(await inProcess()).toEqual({ route: 'accepted', offline: 'accepted' });
  });

  it('refuses every change, both verifiers naming its first bad index (or the signed range holding it)', async () => {
    const mutations = [...byteChanges(), ...structuralChanges()];
    expect(mutations.filter(({ kind }) => kind.startsWith('byte')).length).toBeGreaterThanOrEqual(2000);
    const byKind = new Map<string, { count: number; exact: number; ranged: number; http: number }>();
    const wrong: unknown[] = [];
    for (const mutation of mutations) {
      db.transaction(() => mutation.apply(db))();
      try {
        const want = await expected(mutation);
        const got = await inProcess();
        const tally = byKind.get(mutation.kind) ?? { count: 0, exact: 0, ranged: 0, http: 0 };
        byKind.set(mutation.kind, tally);
        tally.count += 1;
        if (want.treeSize === undefined && want.index === mutation.at) tally.exact += 1;
        if (want.treeSize !== undefined) tally.ranged += 1;
        if (JSON.stringify(got) !== JSON.stringify({ route: want, offline: want }))
          wrong.push({ kind: mutation.kind, at: mutation.at, want, got });
        if (tally.http < HTTP_PER_KIND && mutation.at >= HTTP_FROM) {
          tally.http += 1;
          const http = await overHttp();
          if (JSON.stringify(http) !== JSON.stringify({ route: want, offline: want }))
            wrong.push({ kind: mutation.kind, at: mutation.at, want, overHttp: http });
        }
      } finally {
        restore(mutation.touched);
      }
    }
    console.log(
      `Tamper suite: ${mutations.length} changes of a ${rows.length}-event log, checkpoints at ` +
        `${rows
          .filter((row) => row.type === 'CheckpointRecorded')
          .map((row) => JSON.parse(row.data).treeSize)
          .join(', ')}\n` +
        [...byKind]
          .map(
            ([kind, { count, exact, ranged, http }]) =>
              `  ${kind.padEnd(46)} ${String(count).padStart(4)} refused: ${exact} at their own index, ` +
              `${ranged} within a signed range, ${count - exact - ranged} where a chain breaks; ${http} also over HTTP`,
          )
          .join('\n'),
    );
    expect(wrong).toEqual([]);
  }, 600_000);

  it('finds nothing in created_at, the store clock no export or hash holds', async () => {
    const lines = async () => {
      const all: string[] = [];
      for await (const line of exportLog(store, new Date(0))) all.push(line);
      return all;
    };
    const before = await lines();
    db.prepare('UPDATE events SET created_at = created_at + 1 WHERE position % 50 = 0').run();
    expect(await lines()).toEqual(before);
    expect(await inProcess()).toEqual({ route: 'accepted', offline: 'accepted' });
    restore();
  });
});

class RolledBack extends Error {}

import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAllInPages } from '@app/event-store';
import { leafHash, openCheckpoint, parseVerifierKey, verifyConsistency, verifyInclusion } from '@app/ledger';
import { Checkpointer } from '../apps/api/src/ledger/checkpointer';
import { runCli } from './support/cli';
import { eventually } from './support/eventually';
import { enrolSeatedNetworks, expectRefused, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-ledger-test-0123456789';
/** Checkpoints are signed when the test says so. */
const ENV = {
  BOOTSTRAP_TOKEN: FACILITATOR,
  CHECKPOINT_INTERVAL_SECONDS: '3600',
  LEDGER_ORIGIN: 'ledger.test',
};

/**
 * The ledger (issue 10, items 1, 2 and 6): a signed checkpoint of the whole log when it has grown, recorded in the
 * `ledger` stream and served with the verifier key; RFC 9162 proofs that check against it; and `/health` degraded
 * when the log no longer matches it.
 */
describe('the ledger', () => {
  let dataDir: string;
  let api: RunningApi;
  const text = async (path: string) => (await fetch(`${api.base}${path}`)).text();
  const sign = () => api.app.get(Checkpointer).signIfGrown();
  /** `/health` is not under /api/v1. */
  const health = async () => {
    const response = await fetch(api.base.replace('/api/v1', '/health'));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- terminus's report, read as the tests need
    return { status: response.status, body: (await response.json()) as any };
  };
  async function verified() {
    const verifier = parseVerifierKey((await text('/ledger/key')).trim());
    return openCheckpoint(await text('/ledger/checkpoint'), [verifier]).checkpoint;
  }
  /** Every event's hash in global order: the leaves as anyone reading the log would make them. */
  async function leaves(): Promise<Buffer[]> {
    const hashes: Buffer[] = [];
    for await (const page of readAllInPages(api.store))
      for (const event of page) hashes.push(leafHash(Buffer.from(event.metadata.hash, 'hex')));
    return hashes;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cns-ledger-'));
    api = await startApi('ledger', { ...ENV, DATA_DIR: dataDir });
    await enrolSeatedNetworks({ call: api.call, dataDir }, FACILITATOR, ['a', 'b']);
  });
  afterAll(async () => {
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs a checkpoint of the whole log once it has grown, and not again for its own record', async () => {
    await expectRefused(api, () => api.call('GET', '/ledger/checkpoint'), 404);
    const head = await api.store.headPosition();
    const size = await sign();
    expect(size).toBe(Number(head));
    const checkpoint = await verified();
    expect(checkpoint).toMatchObject({ origin: 'ledger.test', size });
    expect(await sign()).toBeUndefined();
    expect((await api.store.readStream('ledger')).map((event) => event.type)).toEqual(['CheckpointRecorded']);
  });

  it('proves every event included in the checkpoint, and refuses proofs it cannot give', async () => {
    if (!(await api.call('GET', '/ledger/checkpoints')).body.length) await sign();
    const { size, root } = await verified();
    const hashes = await leaves();
    for (let index = 0; index < size; index++) {
      const { body } = await api.call('GET', `/ledger/proofs/inclusion?index=${index}&treeSize=${size}`);
      expect(Buffer.from(body.leafHash, 'base64')).toEqual(hashes[index]);
      const proof = body.proof.map((hash: string) => Buffer.from(hash, 'base64'));
      expect(verifyInclusion(hashes[index], index, size, proof, root)).toBe(true);
    }
    await expectRefused(
      api,
      () => api.call('GET', `/ledger/proofs/inclusion?index=0&treeSize=${size + 100}`),
      404,
    );
    await expectRefused(
      api,
      () => api.call('GET', `/ledger/proofs/inclusion?index=${size}&treeSize=${size}`),
      422,
    );
    await expectRefused(api, () => api.call('GET', '/ledger/proofs/inclusion?index=x&treeSize=1'), 400);
  });

  it('proves each checkpoint consistent with the one before', async () => {
    if (!(await api.call('GET', '/ledger/checkpoints')).body.length) await sign();
    const first = await verified();
    await enrolSeatedNetworks({ call: api.call, dataDir }, FACILITATOR, ['c']);
    const size = await sign();
    const second = await verified();
    expect(second.size).toBe(size);
    const { body } = await api.call('GET', `/ledger/proofs/consistency?from=${first.size}&to=${second.size}`);
    const proof = body.proof.map((hash: string) => Buffer.from(hash, 'base64'));
    expect(verifyConsistency(first.size, second.size, proof, first.root, second.root)).toBe(true);
    const listed = (await api.call('GET', `/ledger/checkpoints?fromTreeSize=${first.size}`)).body;
    expect(listed.map((checkpoint: { treeSize: number }) => checkpoint.treeSize)).toEqual([
      first.size,
      second.size,
    ]);
    expect((await health()).body.info.ledger).toMatchObject({
      status: 'up',
      checkpoint: size,
    });
  });

  it('carries its checkpoint in the audit export, which the CLI checks offline with the key', async () => {
    if (!(await api.call('GET', '/ledger/checkpoints')).body.length) await sign();
    const key = (await text('/ledger/key')).trim();
    // An auditor's export: members of active networks are auditors, the facilitator's coordinator among them.
    const response = await fetch(`${api.base}/audit/export`, {
      headers: { authorization: `Bearer ${FACILITATOR}` },
    });
    const exported = await response.text();
    expect(exported).toContain('"checkpoint"');
    const file = join(dataDir, 'export.ndjson');
    writeFileSync(file, exported);
    const verify = (...args: string[]) => runCli(['audit', 'verify-export', ...args]);
    const ok = await verify(file, '--key', key);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, checkpoint: { origin: 'ledger.test' } });

    // The last event of a stream removed and the indices renumbered: every chain still holds, the root does not.
    const lines = exported
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const events = lines.filter((line) => 'index' in line);
    // The last event of its stream, not the last of the log (whose position the header names).
    const victim = events
      .filter(
        (event: { stream: string }, n: number) =>
          n < events.length - 1 && !events.slice(n + 1).some((later) => later.stream === event.stream),
      )
      .at(-1);
    const kept = lines.filter((line) => line !== victim);
    let index = 0;
    for (const line of kept) {
      if ('index' in line) line.index = index++;
      if ('count' in line) line.count = index;
    }
    writeFileSync(file, kept.map((line) => JSON.stringify(line)).join('\n') + '\n');
    expect((await verify(file)).status).toBe(0);
    const caught = await verify(file, '--key', key);
    expect(caught.status).toBe(1);
    expect(JSON.parse(caught.stdout).firstFailure.reason).toMatch(/root/);
    expect((await verify(file, '--key', 'not-a-key')).status).toBe(2);
  });

  it('reports /health degraded when the log no longer matches its checkpoint', async () => {
    if (!(await api.call('GET', '/ledger/checkpoints')).body.length) await sign();
    await api.close();
    // An event before the checkpoint goes, as someone with the file could make it go.
    const db = new Database(join(dataDir, 'events.sqlite'));
    db.prepare('DELETE FROM events WHERE position = (SELECT min(position) FROM events WHERE stream = ?)').run(
      'network-b',
    );
    db.close();
    api = await startApi('ledger-restarted', { ...ENV, DATA_DIR: dataDir });
    const degraded = await eventually('the ledger to be found wrong', async () => {
      const response = await health();
      return response.body.error?.ledger ? response : undefined;
    });
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({ status: 'degraded', error: { ledger: { status: 'down' } } });
  });
});

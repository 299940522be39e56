import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportLog, SqliteEventStore } from '@app/event-store';
import {
  cosignCheckpoint,
  formatCheckpoint,
  generateSigner,
  MerkleTree,
  parseCosignerKey,
  parseSignerKey,
  signNote,
} from '@app/ledger';

const root = join(__dirname, '..', '..');

/**
 * `npm run cli -- audit verify-export <file> --key <k> --witness-key <w>… --witnesses N` (issue 10, item 5): the
 * cosignatures of the export's checkpoint checked against the witnesses' keys the auditor trusts, with no server and
 * no DATA_DIR. The checkpoint and cosignatures are made here with the ledger library, as the service and the
 * witness command make them.
 */
describe('cli audit verify-export with witness keys', () => {
  let dir: string;
  let events: string;
  let checkpointText: string;
  let otherCheckpointText: string;
  const log = generateSigner('log.test');
  const [alpha, beta, stranger] = ['alpha.witness', 'beta.witness', 'stranger.witness'].map(generateSigner);
  const cosigned = (text: string, ...witnesses: (typeof alpha)[]) =>
    witnesses.map((witness) => `${cosignCheckpoint(text, parseCosignerKey(witness.signerKey))}\n`).join('');

  /** The export with its checkpoint signed by the log and carrying these cosignature lines. */
  function exportWith(cosignatureLines: string): string {
    const note = `${signNote(checkpointText, parseSignerKey(log.signerKey))}${cosignatureLines}`;
    const file = join(dir, `export-${randomUUID()}.ndjson`);
    writeFileSync(file, `${events}${JSON.stringify({ checkpoint: note })}\n`);
    return file;
  }

  function verify(file: string, ...args: string[]) {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'apps/cli/src/main.ts'), 'audit', 'verify-export', file, ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: join(dir, 'no-data-dir') }, encoding: 'utf8' },
    );
    return {
      status: run.status,
      result: run.stdout ? JSON.parse(run.stdout) : undefined,
      stderr: run.stderr,
    };
  }
  const keys = (...witnesses: (typeof alpha)[]) => [
    '--key',
    log.verifierKey,
    ...witnesses.flatMap((witness) => ['--witness-key', witness.verifierKey]),
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-verify-witnesses-'));
    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    for (const stream of ['network-a', 'practice-1', 'network-a', 'practice-1'])
      await store.appendToStream(stream, [{ id: randomUUID(), type: 'Something', data: { stream } }]);
    const tree = new MerkleTree();
    for (const event of await store.readAll()) tree.append(Buffer.from(event.metadata.hash, 'hex'));
    checkpointText = formatCheckpoint({ origin: 'log.test', size: tree.size, root: tree.root() });
    otherCheckpointText = formatCheckpoint({ origin: 'log.test', size: tree.size - 1, root: tree.root(3) });
    events = '';
    // The trailer ends the events; the checkpoint line is added by each case.
    for await (const line of exportLog(store, new Date('2026-12-02T10:00:00Z'))) events += line;
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 when at least N of the given witnesses co-signed the checkpoint, naming them', () => {
    const file = exportWith(cosigned(checkpointText, alpha, beta));
    const both = verify(file, ...keys(alpha, beta), '--witnesses', '2');
    expect(both.result).toMatchObject({
      ok: true,
      checkpoint: { origin: 'log.test', treeSize: 4, cosignedBy: ['alpha.witness', 'beta.witness'] },
    });
    expect(both.status).toBe(0);
    // One wanted by default; a witness the auditor does not name is no reason to refuse.
    expect(verify(exportWith(cosigned(checkpointText, alpha, stranger)), ...keys(alpha)).status).toBe(0);
  });

  it('does not count a cosignature by a key it was not given: too few witnesses, exit 1 naming it', () => {
    const run = verify(exportWith(cosigned(checkpointText, stranger)), ...keys(alpha));
    expect(run.result).toMatchObject({
      ok: false,
      firstFailure: {
        index: 4,
        reason: expect.stringMatching(/^0 of the given witnesses .* 1 are wanted .*stranger\.witness/),
      },
    });
    expect(run.status).toBe(1);
  });

  it('exits 1 when fewer of the given witnesses co-signed than --witnesses asks', () => {
    const run = verify(exportWith(cosigned(checkpointText, alpha)), ...keys(alpha, beta), '--witnesses', '2');
    expect(run.result.firstFailure.reason).toMatch(/^1 of the given witnesses .* 2 are wanted/);
    expect(run.status).toBe(1);
  });

  it("exits 1 for a given witness's cosignature over another checkpoint, naming the witness", () => {
    const run = verify(exportWith(cosigned(otherCheckpointText, alpha)), ...keys(alpha));
    expect(run.result).toMatchObject({
      ok: false,
      firstFailure: { reason: expect.stringMatching(/does not verify.*alpha\.witness/) },
    });
    expect(run.status).toBe(1);
  });

  it('exits 1 when the witnesses co-signed but the log did not sign it', () => {
    // A note whose only signature is the witness's cosignature.
    const note = `${checkpointText}\n${cosigned(checkpointText, alpha)}`;
    const file = join(dir, 'witness-signed.ndjson');
    writeFileSync(file, `${events}${JSON.stringify({ checkpoint: note })}\n`);
    const run = verify(file, ...keys(alpha));
    expect(run.result.firstFailure.reason).toMatch(/not signed by the log's key/);
    expect(run.status).toBe(1);
  });

  it.each([
    ['witness keys without the log key', ['--witness-key', 'w.pub']],
    ['more witnesses wanted than keys given', ['--witnesses', '2']],
    ['a witness count that is not a whole number', ['--witnesses', 'one']],
    ['a witness key that is not a key', ['--witness-key', 'not-a-key']],
  ])('exits 2 on bad usage: %s', (_case, args) => {
    const base = args[0] === '--witness-key' && args[1] === 'w.pub' ? [] : keys(alpha);
    const run = verify(exportWith(''), ...base, ...args);
    expect(run.status).toBe(2);
    expect(run.result).toBeUndefined();
  });
});

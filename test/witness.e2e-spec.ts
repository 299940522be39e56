import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  cosignCheckpoint,
  generateSigner,
  openCheckpoint,
  openNote,
  parseCosignatureVerifierKey,
  parseCosignerKey,
  parseVerifierKey,
  verifyCosignature,
} from '@app/ledger';
import { Checkpointer } from '../apps/api/src/ledger/checkpointer';
import { LedgerTree } from '../apps/api/src/ledger/ledger-tree';
import { enrolSeatedNetworks, expectRefused, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-witness-test-0123456789';
const ROOT = join(__dirname, '..');
/** Checkpoints are signed when the test says so. */
const ENV = {
  BOOTSTRAP_TOKEN: FACILITATOR,
  CHECKPOINT_INTERVAL_SECONDS: '3600',
  LEDGER_ORIGIN: 'ledger.test',
};

/**
 * Witnesses (issue 10, item 3): a network registers a witness key; `cli witness` co-signs the latest checkpoint
 * only once it is proved consistent with the last one it co-signed; the service checks each cosignature and serves
 * it as a signature line of the checkpoint's note.
 */
describe('witnesses', () => {
  let dir: string;
  let api: RunningApi;
  let tokens: Record<string, string>;
  const witnessKey = generateSigner('witness.a.test');
  const witnessVerifier = parseCosignatureVerifierKey(witnessKey.verifierKey);
  const keyFile = () => join(dir, 'witness.key');
  const stateFile = () => join(dir, 'witness-state.json');
  const text = async (path: string) => (await fetch(`${api.base}${path}`)).text();
  const sign = async () => {
    const size = await api.app.get(Checkpointer).signIfGrown();
    expect(size).toBeDefined();
    // Served once the tree has read its record.
    await api.app.get(LedgerTree).caughtUp();
    return size!;
  };
  /** A write outside the ledger stream, so there is something new to sign. */
  let published = false;
  const grow = async () => {
    published = !published;
    const { status } = await api.call('PUT', '/networks/b/automatic-publication', tokens.b, {
      enabled: published,
    });
    expect(status).toBe(200);
  };
  /** The CLI as a witness runs it; asynchronous, since the API answers from this process. */
  const runWitness = (token = tokens.a) =>
    promisify(execFile)(
      process.execPath,
      [
        ...['--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), 'witness'],
        ...['--key', keyFile(), '--url', api.base, '--state', stateFile()],
      ],
      // tsx finds the path aliases from the repository's tsconfig.
      { cwd: ROOT, env: { ...process.env, CNS_TOKEN: token } },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  const cosignatures = async () =>
    (await api.store.readStream('ledger')).filter((event) => event.type === 'CosignatureAdded');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-witness-'));
    writeFileSync(keyFile(), `${witnessKey.signerKey}\n`, { mode: 0o600 });
    api = await startApi('witness', ENV);
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    tokens = Object.fromEntries(Object.entries(coordinators).map(([id, { token }]) => [id, token]));
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("registers a network's witness key, from its own coordinator only, refusing what is not one", async () => {
    const put = (token: string, publicKey: unknown) =>
      api.call('PUT', '/networks/a/witness-key', token, { publicKey });
    await expectRefused(api, () => put(tokens.a, 'not+a+key'), 422, 'witness-key');
    await expectRefused(api, () => put(tokens.a, 42), 400);
    await expectRefused(api, () => put(tokens.b, witnessKey.verifierKey), 403);
    const { status, body } = await put(tokens.a, witnessKey.verifierKey);
    expect(status).toBe(200);
    expect(body.position).toEqual(expect.any(Number));
    const registered = (await api.store.readStream('network-a')).filter(
      (event) => event.type === 'WitnessKeyRegistered',
    );
    expect(registered.map((event) => event.data)).toMatchObject([
      { networkId: 'a', publicKey: witnessKey.verifierKey },
    ]);
  });

  it('co-signs each checkpoint consistent with the last it co-signed; the service serves every cosignature', async () => {
    const first = await sign();
    const run = await runWitness();
    expect(run).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(stateFile(), 'utf8'))).toMatchObject({
      origin: 'ledger.test',
      size: first,
    });

    await grow();
    const second = await sign();
    const again = await runWitness();
    expect(again).toMatchObject({ code: 0 });
    expect(JSON.parse(again.stdout)).toMatchObject({ size: second, cosigned: true });
    expect((await cosignatures()).map((event) => event.data)).toMatchObject([
      { treeSize: first, networkId: 'a' },
      { treeSize: second, networkId: 'a' },
    ]);

    // The log's key still opens the note; the witness's key opens it too, and its line verifies on its own.
    await api.app.get(LedgerTree).caughtUp();
    const note = await text('/ledger/checkpoint');
    const logKey = parseVerifierKey((await text('/ledger/key')).trim());
    const { checkpoint, note: opened } = openCheckpoint(note, [logKey]);
    expect(checkpoint.size).toBe(second);
    expect(openNote(note, [witnessVerifier]).verified).toMatchObject([{ name: 'witness.a.test' }]);
    const line = note.trimEnd().split('\n').at(-1)!;
    expect(verifyCosignature(opened.text, line, witnessVerifier)).toEqual(expect.any(Number));
    const earlier = (await api.call('GET', '/ledger/checkpoints')).body as Array<{ note: string }>;
    for (const { note: each } of earlier) expect(() => openNote(each, [witnessVerifier])).not.toThrow();

    // Nothing new: nothing to co-sign, nothing written.
    const before = await api.store.headPosition();
    expect(JSON.parse((await runWitness()).stdout)).toMatchObject({ cosigned: false });
    expect(await api.store.headPosition()).toBe(before);
  });

  it('refuses a cosignature by another key, over another checkpoint, or from a network without a witness key', async () => {
    const earlierText = openNote(await text('/ledger/checkpoint'), [witnessVerifier]).text;
    await grow();
    const size = await sign();
    const latest = openNote(await text('/ledger/checkpoint'), [
      parseVerifierKey((await text('/ledger/key')).trim()),
    ]).text;
    const post = (token: string, treeSize: number, signatureLine: string) =>
      api.call('POST', `/ledger/checkpoints/${treeSize}/cosignatures`, token, { signatureLine });
    const witnessA = parseCosignerKey(witnessKey.signerKey);
    const impostor = parseCosignerKey(generateSigner('witness.a.test').signerKey);

    await expectRefused(
      api,
      () => post(tokens.a, size, cosignCheckpoint(latest, impostor)),
      422,
      'cosignature',
    );
    await expectRefused(api, () => post(tokens.a, size, cosignCheckpoint(earlierText, witnessA)), 422);
    await expectRefused(api, () => post(tokens.c, size, cosignCheckpoint(latest, impostor)), 403);
    await expectRefused(api, () => post(tokens.a, size + 1000, cosignCheckpoint(latest, witnessA)), 404);
    await expectRefused(api, () => post(tokens.a, size, 'not a signature line'), 400);
    await expectRefused(api, () => post(tokens.a, size, `${cosignCheckpoint(latest, witnessA)}\n— x y`), 400);

    // The right line is taken once.
    const line = cosignCheckpoint(latest, witnessA);
    expect((await post(tokens.a, size, line)).status).toBe(201);
    await expectRefused(api, () => post(tokens.a, size, line), 409);
  });

  it("refuses to co-sign a history that forks from the one it co-signed (the state file's root tampered)", async () => {
    const state = JSON.parse(readFileSync(stateFile(), 'utf8'));
    const root = Buffer.from(state.root, 'base64');
    root[0] ^= 1;
    writeFileSync(stateFile(), JSON.stringify({ ...state, root: root.toString('base64') }));
    await grow();
    await sign();
    const before = await api.store.headPosition();
    const run = await runWitness();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not consistent/);
    expect(await api.store.headPosition()).toBe(before);
  });

  it('exits 2 on bad usage', async () => {
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), 'witness', '--url', api.base],
      { cwd: ROOT, env: { ...process.env, CNS_TOKEN: tokens.a } },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(run).toMatchObject({ code: 2 });
  });
});

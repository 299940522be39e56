import { cosignCheckpoint, generateSigner, openNote, parseCosignerKey, parseVerifierKey } from '@app/ledger';
import { Checkpointer } from '../apps/api/src/ledger/checkpointer';
import { LedgerTree } from '../apps/api/src/ledger/ledger-tree';
import {
  enrolSeatedNetworks,
  eventuallyAppended,
  expectRefused,
  RunningApi,
  startApi,
} from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-witness-quorum-test-01234';
const CLOSES = new Date(Date.now() + 7 * 86_400_000).toISOString();
/** Checkpoints are signed when the test says so. */
const ENV = {
  BOOTSTRAP_TOKEN: FACILITATOR,
  CHECKPOINT_INTERVAL_SECONDS: '3600',
  LEDGER_ORIGIN: 'ledger.test',
};

/**
 * The witness quorum (issue 10, item 3): a carried motion sets how many networks' witnesses must co-sign a
 * checkpoint for it to count as witnessed; the checkpoints and `/audit/verify` say which are.
 */
describe('the witness quorum', () => {
  let api: RunningApi;
  let tokens: Record<string, string>;
  const witnessKey = generateSigner('witness.a.test');
  const text = async (path: string) => (await fetch(`${api.base}${path}`)).text();
  /** A write outside the ledger stream, then a checkpoint over it, served once the tree has read its record. */
  let published = false;
  const checkpointAfterGrowth = async () => {
    published = !published;
    const grown = await api.call('PUT', '/networks/b/automatic-publication', tokens.b, {
      enabled: published,
    });
    expect(grown.status).toBe(200);
    const size = await api.app.get(Checkpointer).signIfGrown();
    expect(size).toBeDefined();
    await api.app.get(LedgerTree).caughtUp();
    return size!;
  };
  const cosignLatestAs = async (networkId: string) => {
    const logKey = parseVerifierKey((await text('/ledger/key')).trim());
    const { text: latest } = openNote(await text('/ledger/checkpoint'), [logKey]);
    const size = api.app.get(LedgerTree).latest!.treeSize;
    const signatureLine = cosignCheckpoint(latest, parseCosignerKey(witnessKey.signerKey));
    const posted = await api.call('POST', `/ledger/checkpoints/${size}/cosignatures`, tokens[networkId], {
      signatureLine,
    });
    expect(posted.status).toBe(201);
    await api.app.get(LedgerTree).caughtUp();
  };
  const witnessing = async () =>
    ((await api.call('GET', '/ledger/checkpoints')).body as Array<Record<string, unknown>>).map(
      ({ treeSize, cosignatures, witnessed }) => ({ treeSize, cosignatures, witnessed }),
    );
  const verified = async () => (await api.call('GET', '/audit/verify', tokens.c)).body;

  async function carry(kind: string, payload: unknown) {
    const proposed = await api.call('POST', '/motions', tokens.a, { kind, payload, closesAt: CLOSES });
    expect(proposed.status).toBe(201);
    const { motionId } = proposed.body;
    for (const networkId of ['a', 'b']) {
      const voted = await api.call('POST', `/motions/${motionId}/votes`, tokens[networkId], { vote: 'for' });
      expect(voted.status).toBe(200);
    }
    return motionId as string;
  }

  beforeAll(async () => {
    api = await startApi('witness-quorum', ENV);
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    tokens = Object.fromEntries(Object.entries(coordinators).map(([id, { token }]) => [id, token]));
    const registered = await api.call('PUT', '/networks/a/witness-key', tokens.a, {
      publicKey: witnessKey.verifierKey,
    });
    expect(registered.status).toBe(200);
  });
  afterAll(() => api.close());

  it('is a whole number of witnesses from 0 to 100', async () => {
    for (const witnesses of [-1, 1.5, 101, '1'])
      await expectRefused(
        api,
        () =>
          api.call('POST', '/motions', tokens.a, {
            kind: 'set-witness-quorum',
            payload: { witnesses },
            closesAt: CLOSES,
          }),
        400,
      );
  });

  it('with no quorum set, every checkpoint counts as witnessed', async () => {
    const size = await checkpointAfterGrowth();
    expect(await witnessing()).toEqual([{ treeSize: size, cosignatures: 0, witnessed: true }]);
    const { ledger, ...chains } = await verified();
    expect(chains).toMatchObject({ ok: true });
    expect(ledger).toEqual({
      witnessQuorum: 0,
      checkpoints: [{ treeSize: size, cosignatures: 0, witnessed: true }],
      latestWitnessed: size,
    });
  });

  it('once a motion sets a quorum of one, only checkpoints a registered witness co-signed count', async () => {
    const motionId = await carry('set-witness-quorum', { witnesses: 1 });
    expect((await eventuallyAppended(api.store, 'steering-group', 'WitnessQuorumSet')).data).toEqual({
      motionId,
      witnesses: 1,
    });

    const [unwitnessedBefore] = (await witnessing()).map(({ treeSize }) => treeSize as number);
    const cosigned = await checkpointAfterGrowth();
    await cosignLatestAs('a');
    const bare = await checkpointAfterGrowth();

    // Judged by the quorum in force now: the checkpoint signed before the motion is no longer witnessed either.
    const expected = [
      { treeSize: unwitnessedBefore, cosignatures: 0, witnessed: false },
      { treeSize: cosigned, cosignatures: 1, witnessed: true },
      { treeSize: bare, cosignatures: 0, witnessed: false },
    ];
    expect(await witnessing()).toEqual(expected);
    expect((await verified()).ledger).toEqual({
      witnessQuorum: 1,
      checkpoints: expected,
      latestWitnessed: cosigned,
    });
  });
});

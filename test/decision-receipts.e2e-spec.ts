import { leafHash, openCheckpoint, parseVerifierKey, verifyInclusion } from '@app/ledger';
import { Checkpointer } from '../apps/api/src/ledger/checkpointer';
import { enrolSeatedNetworks, RunningApi, startApi } from './support/running-api';
import { practiceContent } from './fixtures/practice-content';

const FACILITATOR = 'facilitator-token-for-the-receipts-test-0123456789';
const content = practiceContent();

/**
 * Issue 10, item 7: a published item shows how it was decided — the approval policy in force, the approving networks
 * and when they approved — and the publishing event's index in the ledger, with the proof of its inclusion in a
 * signed checkpoint.
 */
describe('decision receipts', () => {
  let api: RunningApi;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    api = await startApi('receipts', { BOOTSTRAP_TOKEN: FACILITATOR, CHECKPOINT_INTERVAL_SECONDS: '3600' });
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    tokens = Object.fromEntries(Object.entries(coordinators).map(([id, { token }]) => [id, token]));
  });
  afterAll(() => api.close());

  it('shows who approved the published version, when, under which policy, and proves its publication', async () => {
    const { practiceId } = (await api.call('POST', '/practices', tokens.a, content)).body;
    for (const reviewer of ['b', 'c']) {
      const review = { round: 1, verdict: 'approve', comment: 'Useful.' };
      expect(
        (await api.call('POST', `/practices/${practiceId}/reviews`, tokens[reviewer], review)).status,
      ).toBe(201);
    }
    const published = await api.call('POST', `/practices/${practiceId}/publish`, tokens.a);
    const before = (await api.call('GET', `/catalogue/${practiceId}?minPosition=${published.body.position}`))
      .body;
    expect(before.decision).toMatchObject({
      approvedBy: 'quorum',
      policyVersion: 1,
      quorum: 2,
      approvals: [
        { networkId: 'b', approvedAt: expect.any(String) },
        { networkId: 'c', approvedAt: expect.any(String) },
      ],
    });
    // Not yet in a checkpoint: the index is known, the proof is not yet to be had.
    expect(before.decision.publication).toMatchObject({ inclusionProof: null });

    await api.app.get(Checkpointer).signIfGrown();
    const { decision } = (await api.call('GET', `/catalogue/${practiceId}`)).body;
    const key = parseVerifierKey((await (await fetch(`${api.base}/ledger/key`)).text()).trim());
    const { checkpoint } = openCheckpoint(await (await fetch(`${api.base}/ledger/checkpoint`)).text(), [key]);
    const url = `${api.base.replace('/api/v1', '')}${decision.publication.inclusionProof}`;
    const proof = (await (await fetch(url)).json()) as { proof: string[] };
    const event = (await api.store.readStream(`practice-${practiceId}`)).find(
      (e) => e.type === 'PracticePublished',
    )!;
    expect(decision.publication).toMatchObject({ position: event.position.toString() });
    const leaf = leafHash(Buffer.from(event.metadata.hash, 'hex'));
    const path = proof.proof.map((hash) => Buffer.from(hash, 'base64'));
    expect(verifyInclusion(leaf, decision.publication.index, checkpoint.size, path, checkpoint.root)).toBe(
      true,
    );
  });
});

import { PolicyReactors } from '@app/application';
import { eventually } from './support/eventually';
import {
  enrolSeatedNetworks,
  eventuallyAppended,
  expectRefused,
  RunningApi,
  startApi,
} from './support/running-api';
import { practiceContent } from './fixtures/practice-content';

const FACILITATOR = 'facilitator-token-for-the-publication-test-0123456789';
const content = practiceContent();

/**
 * A network may opt in to publication on approval: a policy then publishes its approved material with a
 * rule-checked command, recorded as publication on approval. Other networks' approved material waits for them.
 */
describe('automatic publication on approval', () => {
  let api: RunningApi;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    api = await startApi('automatic-publication', { BOOTSTRAP_TOKEN: FACILITATOR });
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    tokens = Object.fromEntries(Object.entries(coordinators).map(([id, { token }]) => [id, token]));
  });
  afterAll(() => api.close());

  /** Submitted by `owner`'s coordinator and approved by the two other seats (quorum 2). */
  async function approvedItemOf(owner: string): Promise<{ practiceId: string; approvedAt: bigint }> {
    const { practiceId } = (await api.call('POST', '/practices', tokens[owner], content)).body;
    let position = 0;
    for (const reviewer of ['a', 'b', 'c'].filter((id) => id !== owner)) {
      const review = { round: 1, verdict: 'approve', comment: 'Clear and useful.' };
      const reviewed = await api.call('POST', `/practices/${practiceId}/reviews`, tokens[reviewer], review);
      expect(reviewed.status).toBe(201);
      position = reviewed.body.position;
    }
    return { practiceId, approvedAt: BigInt(position) };
  }

  it('only the network coordinator sets it, and only to a new value', async () => {
    const set = (token: string, enabled: unknown) => () =>
      api.call('PUT', '/networks/a/automatic-publication', token, { enabled });
    await expectRefused(api, set(tokens.b, true), 403, 'not-allowed');
    await expectRefused(api, set(tokens.a, 'yes'), 400);
    await expectRefused(api, set(tokens.a, false), 409, 'wrong-state');
  });

  it('publishes the approved material of a network that opted in, recorded as publication on approval', async () => {
    const optedIn = await api.call('PUT', '/networks/c/automatic-publication', tokens.c, { enabled: true });
    expect(optedIn.status).toBe(200);
    const { practiceId } = await approvedItemOf('c');

    const published = await eventuallyAppended(api.store, `practice-${practiceId}`, 'PracticePublished');
    expect(published.data).toEqual({ practiceId, version: 1, onApproval: true });
    const listed = await api.call('GET', `/catalogue/${practiceId}?minPosition=${published.position}`);
    expect(listed.status).toBe(200);
  });

  it('leaves the approved material of other networks for their contributors to publish', async () => {
    const { practiceId, approvedAt } = await approvedItemOf('b');
    // The policy has seen the approval (and was refused by the rules) before we look.
    const policy = api.app
      .get(PolicyReactors)
      .reactors.find((reactor) => reactor.name === 'publish-on-approval')!;
    await eventually(
      'the policy to pass the approval',
      async () => BigInt((await policy.status()).checkpoint ?? -1) >= approvedAt,
    );

    const types = (await api.store.readStream(`practice-${practiceId}`)).map((event) => event.type);
    expect(types).toContain('PracticeApproved');
    expect(types).not.toContain('PracticePublished');
  });
});

import { eventually } from '../support/eventually';
import { enrolSeatedNetworks, expectRefused, RunningApi, startApi } from '../support/running-api';

const FACILITATOR = 'facilitator-token-for-the-departed-networks-test-0123';

/**
 * Leaving or suspension ends a network's members' access to members' routes: drafts, the dashboard, motions,
 * attachments. (Found: a departed network's tokens still read everything, and its coordinator could no longer
 * revoke them.)
 */
describe("a departed or suspended network's members", () => {
  let api: RunningApi;
  let coordinators: Record<string, { token: string; personId: string }>;

  beforeAll(async () => {
    api = await startApi('departed-networks', { BOOTSTRAP_TOKEN: FACILITATOR });
    coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c', 'gone']);
  });
  afterAll(() => api.close());

  const membersRoutes = ['/me', '/dashboard', '/motions', '/review-queue', '/networks', '/networks/a'];

  it('lose every members route once their network has left', async () => {
    const { token } = coordinators.gone;
    for (const path of membersRoutes) expect((await api.call('GET', path, token)).status).toBe(200);
    const left = await api.call('POST', '/networks/gone/leave', token, { reason: 'merged into b' });
    expect(left.status).toBe(200);

    for (const path of membersRoutes) {
      const response = await api.call('GET', `${path}?minPosition=${left.body.position}`, token);
      expect({ path, status: response.status, type: response.body?.type }).toEqual({
        path,
        status: 403,
        type: '/problems/not-allowed',
      });
    }
    await expectRefused(api, () => api.call('POST', '/practices', token, {}), 403, 'not-allowed');
  });

  it('lose them while suspended, and have them back once reinstated', async () => {
    const motion = async (kind: string) => {
      const proposed = await api.call('POST', '/motions', coordinators.a.token, {
        kind,
        payload: { networkId: 'c' },
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect(proposed.status).toBe(201);
      let last = proposed;
      for (const seat of ['a', 'b', 'c']) {
        const voted = await api.call(
          'POST',
          `/motions/${proposed.body.motionId}/votes`,
          coordinators[seat].token,
          {
            vote: 'for',
          },
        );
        if (voted.status === 200) last = voted;
        else break;
      }
      // The policy applies the carried motion after the response: wait for the network's stream to show it.
      const type = kind === 'suspend-network' ? 'NetworkSuspended' : 'NetworkReinstated';
      const applied = await eventually(`${type} after the last vote`, async () =>
        (await api.store.readStream('network-c')).find(
          (event) => event.type === type && event.position > BigInt(last.body.position),
        ),
      );
      return applied.position;
    };
    const suspendedAt = await motion('suspend-network');
    expect(
      (await api.call('GET', `/dashboard?minPosition=${suspendedAt}`, coordinators.c.token)).status,
    ).toBe(403);
    const reinstatedAt = await motion('reinstate-network');
    expect(
      (await api.call('GET', `/dashboard?minPosition=${reinstatedAt}`, coordinators.c.token)).status,
    ).toBe(200);
  });
});

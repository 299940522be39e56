import { enrolSeatedNetworks, expectRefused, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-authorization-test-0123456789';
const practiceContent = {
  title: 'Matrix test material',
  summary: 'Summary',
  body: 'Body',
  themes: ['collaboration'],
  authorities: [],
  links: [],
  attachments: [],
  contact: { name: 'Pat', email: 'pat@example.org' },
};

/**
 * Every write route of API.md, refused for: no token (401), a member of another network (403, or 404 where the
 * object is not theirs to see), and a member of the right network without the right role or seat (403); and each
 * refusal leaves the log as it was. The allowed cases are exercised in the networks, practices and motions suites.
 */
describe('authorization matrix', () => {
  let api: RunningApi;
  let a: { token: string; personId: string };
  let b: { token: string; personId: string };
  let aContributor: { token: string; personId: string; tokenId: string };
  let bContributor: { token: string };
  let aCoordinatorOnly: { token: string };
  let aOtherContributor: { token: string };
  let practiceId: string;
  let motionId: string;
  let webhookId: string;
  /** The coordinator (and seat holder) of a network that has left the scheme. */
  let departed: string;
  /** A member of a who was removed: their token died with their membership. */
  let removed: string;

  async function member(networkId: string, coordinatorToken: string, roles: string[]) {
    const registered = await api.call('POST', `/networks/${networkId}/members`, coordinatorToken, {
      name: 'M',
      email: `m-${networkId}@example.org`,
      roles,
    });
    const issued = await api.call(
      'POST',
      `/networks/${networkId}/members/${registered.body.personId}/tokens`,
      coordinatorToken,
      {},
    );
    return {
      personId: registered.body.personId as string,
      token: issued.body.token as string,
      tokenId: issued.body.tokenId as string,
    };
  }

  beforeAll(async () => {
    api = await startApi('authorization', { BOOTSTRAP_TOKEN: FACILITATOR });
    ({ a, b } = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']));
    aContributor = await member('a', a.token, ['contributor']);
    bContributor = await member('b', b.token, ['contributor']);
    aCoordinatorOnly = await member('a', a.token, ['coordinator']);
    aOtherContributor = await member('a', a.token, ['contributor']);
    practiceId = (await api.call('POST', '/practices', a.token, practiceContent)).body.practiceId;
    motionId = (
      await api.call('POST', '/motions', a.token, {
        kind: 'set-priorities',
        payload: { period: '2027', themes: ['drainage'] },
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      })
    ).body.motionId;
    webhookId = (
      await api.call('POST', '/networks/a/webhooks', a.token, { url: 'https://hooks.example.org/matrix' })
    ).body.webhookId;
    departed = (await enrolSeatedNetworks(api, FACILITATOR, ['gone'])).gone.token;
    expect((await api.call('POST', '/networks/gone/leave', departed, { reason: 'merged' })).status).toBe(200);
    const leaving = await member('a', a.token, ['contributor']);
    expect((await api.call('DELETE', `/networks/a/members/${leaving.personId}`, a.token)).status).toBe(200);
    removed = leaving.token;
  });
  afterAll(() => api.close());

  type Who = 'other' | 'wrongRole';
  interface Route {
    name: string;
    method: string;
    path: () => string;
    body?: () => unknown;
    refuse: Partial<Record<Who, () => string>>;
    /** 403 unless said otherwise. */
    otherStatus?: number;
  }

  const routes: Route[] = [
    {
      name: 'enrol a network',
      method: 'POST',
      path: () => '/networks',
      body: () => ({
        networkId: 'x',
        name: 'X',
        scope: 'regional',
        coordinator: { name: 'X', email: 'x@example.org' },
      }),
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'adopt principles',
      method: 'POST',
      path: () => '/networks/a/principles',
      body: () => ({ principlesVersion: '2026-1' }),
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'register a member',
      method: 'POST',
      path: () => '/networks/a/members',
      body: () => ({ name: 'N', email: 'n@example.org', roles: ['contributor'] }),
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'change roles',
      method: 'PATCH',
      path: () => `/networks/a/members/${aContributor.personId}`,
      body: () => ({ roles: ['coordinator'] }),
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'remove a member',
      method: 'DELETE',
      path: () => `/networks/a/members/${aContributor.personId}`,
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'issue a token',
      method: 'POST',
      path: () => `/networks/a/members/${aContributor.personId}/tokens`,
      body: () => ({}),
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: "revoke someone else's token",
      method: 'DELETE',
      path: () => `/networks/a/members/${a.personId}/tokens/whatever`,
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'nominate the representative',
      method: 'PUT',
      path: () => '/networks/a/representative',
      body: () => ({ personId: aContributor.personId }),
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'add an authority',
      method: 'POST',
      path: () => '/networks/a/authorities',
      body: () => ({ authorityCode: 'leeds' }),
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'register a webhook',
      method: 'POST',
      path: () => '/networks/a/webhooks',
      body: () => ({ url: 'https://hooks.example.org/refused' }),
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'remove a webhook',
      method: 'DELETE',
      path: () => `/networks/a/webhooks/${webhookId}`,
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'leave the scheme',
      method: 'POST',
      path: () => '/networks/a/leave',
      body: () => ({ reason: 'x' }),
      refuse: { other: () => b.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'submit practice (coordinator without contributor role)',
      method: 'POST',
      path: () => '/practices',
      body: () => practiceContent,
      refuse: { wrongRole: () => aCoordinatorOnly.token },
    },
    {
      name: 'review practice',
      method: 'POST',
      path: () => `/practices/${practiceId}/reviews`,
      body: () => ({ round: 1, verdict: 'approve', comment: '' }),
      refuse: { other: () => bContributor.token, wrongRole: () => aContributor.token },
    },
    {
      name: 'revise practice',
      method: 'POST',
      path: () => `/practices/${practiceId}/revisions`,
      body: () => ({ ...practiceContent, basedOnVersion: 1 }),
      refuse: { other: () => b.token, wrongRole: () => aCoordinatorOnly.token },
    },
    {
      name: 'publish practice',
      method: 'POST',
      path: () => `/practices/${practiceId}/publish`,
      refuse: { other: () => b.token, wrongRole: () => aCoordinatorOnly.token },
    },
    {
      name: 'withdraw practice',
      method: 'POST',
      path: () => `/practices/${practiceId}/withdraw`,
      body: () => ({ reason: 'x' }),
      refuse: { other: () => b.token, wrongRole: () => aCoordinatorOnly.token },
    },
    {
      name: 'propose a motion',
      method: 'POST',
      path: () => '/motions',
      body: () => ({
        kind: 'set-priorities',
        payload: { period: '2028', themes: ['drainage'] },
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
      refuse: { wrongRole: () => aContributor.token, other: () => bContributor.token },
    },
    {
      name: 'vote on a motion',
      method: 'POST',
      path: () => `/motions/${motionId}/votes`,
      body: () => ({ vote: 'for' }),
      refuse: { wrongRole: () => aContributor.token, other: () => bContributor.token },
    },
    {
      name: "erase someone's personal data",
      method: 'DELETE',
      path: () => `/people/${aContributor.personId}/personal-data`,
      // Another network's coordinator is answered as for no such person (404); a fellow contributor, 403.
      refuse: { other: () => b.token, wrongRole: () => aOtherContributor.token },
    },
  ];

  const refused = (route: Route, token: string | undefined, statuses: number[]) =>
    expectRefused(api, () => api.call(route.method, route.path(), token, route.body?.()), statuses);

  it.each(routes.map((route) => [route.name, route] as const))(
    '%s: 401 without a token',
    async (_, route) => {
      await refused(route, undefined, [401]);
    },
  );

  it.each(routes.filter((route) => route.refuse.other).map((route) => [route.name, route] as const))(
    '%s: refused to a member of another network',
    async (_, route) => {
      await refused(route, route.refuse.other!(), [403, 404]);
    },
  );

  it.each(routes.map((route) => [route.name, route] as const))(
    '%s: refused to a departed network, whose members lost access when it left',
    async (_, route) => {
      await refused(route, departed, [403]);
    },
  );

  it.each(routes.map((route) => [route.name, route] as const))(
    '%s: refused to a removed member, whose token went with the membership',
    async (_, route) => {
      await refused(route, removed, [401]);
    },
  );

  // The facilitator enrols networks and nothing more: it holds no credential of theirs and cannot act for them.
  it.each(
    routes
      // Enrolling is its one power; a submission would be its own network's, not one it enrolled.
      .filter(
        (route) =>
          !['enrol a network', 'submit practice (coordinator without contributor role)'].includes(route.name),
      )
      .map((route) => [route.name, route] as const),
  )('%s: refused to the facilitator, on a network it enrolled', async (_, route) => {
    await refused(route, FACILITATOR, [403, 404]);
  });

  it.each(routes.filter((route) => route.refuse.wrongRole).map((route) => [route.name, route] as const))(
    '%s: refused without the right role or seat',
    async (_, route) => {
      await refused(route, route.refuse.wrongRole!(), [403]);
    },
  );
});

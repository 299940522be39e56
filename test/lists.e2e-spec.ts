import { CURRENT_PRINCIPLES } from '@app/reference-data';
import { enrolSeatedNetworks, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-lists-test-0123456789';
const CLOSES = new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('GET /networks and GET /motions over HTTP', () => {
  let api: RunningApi;
  let coordinators: Record<string, { token: string; personId: string }>;
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api.call(method, path, token, body);

  beforeAll(async () => {
    api = await startApi('lists', { BOOTSTRAP_TOKEN: FACILITATOR });
    coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['b', 'a', 'c']);
  });
  afterAll(() => api.close());

  it('both lists are for members only', async () => {
    for (const path of ['/networks', '/motions']) {
      const response = await call('GET', path);
      expect(response.status).toBe(401);
      expect(response.type).toMatch(/application\/problem\+json/);
    }
  });

  it('GET /networks lists every network by name, as GET /networks/{id} shows it to others, without people', async () => {
    const added = await call('POST', '/networks/a/authorities', coordinators.a.token, {
      authorityCode: 'leeds',
    });
    expect(added.status).toBe(200);

    const listed = await call('GET', `/networks?minPosition=${added.body.position}`, coordinators.b.token);
    expect(listed.status).toBe(200);
    expect(listed.body.map((network: { networkId: string }) => network.networkId)).toEqual([
      'nht-network',
      'a',
      'b',
      'c',
    ]);
    const a = listed.body[1];
    expect(a).toEqual({
      networkId: 'a',
      name: 'Network a',
      scope: 'regional',
      status: 'active',
      facilitator: false,
      seat: { filled: true, representative: coordinators.a.personId },
      principlesVersion: CURRENT_PRINCIPLES.version,
      authorities: ['leeds'],
    });
    expect((await call('GET', '/networks/a', coordinators.b.token)).body).toEqual(a);
    expect(listed.body[0]).toMatchObject({
      facilitator: true,
      seat: { filled: false, representative: null },
    });

    const text = JSON.stringify(listed.body);
    expect(text).not.toContain('@example.org');
    expect(text).not.toContain('Coordinator');
    expect(text).not.toContain('members');
  });

  it('GET /motions lists motions newest first, and shows one carried once a majority votes for it', async () => {
    const propose = (token: string, payload: unknown) =>
      call('POST', '/motions', token, { kind: 'set-priorities', payload, closesAt: CLOSES });
    const first = await propose(coordinators.a.token, { period: '2027', themes: ['drainage'] });
    const second = await propose(coordinators.b.token, { period: '2028', themes: ['structures'] });
    expect([first.status, second.status]).toEqual([201, 201]);

    const open = await call('GET', `/motions?minPosition=${second.body.position}`, coordinators.c.token);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(open.body.items).toEqual([
      {
        motionId: second.body.motionId,
        kind: 'set-priorities',
        payload: { period: '2028', themes: ['structures'] },
        proposedBy: 'b',
        proposedAt: expect.any(String),
        closesAt: CLOSES,
        status: 'open',
        votes: { for: 0, against: 0, abstain: 0 },
      },
      expect.objectContaining({ motionId: first.body.motionId, proposedBy: 'a', status: 'open' }),
    ]);

    const vote = (token: string, choice: string) =>
      call('POST', `/motions/${first.body.motionId}/votes`, token, { vote: choice });
    expect((await vote(coordinators.c.token, 'against')).status).toBe(200);
    expect((await vote(coordinators.a.token, 'for')).status).toBe(200);
    const carrying = await vote(coordinators.b.token, 'for');
    expect(carrying.status).toBe(200);

    const after = `minPosition=${carrying.body.position}`;
    const carried = await call('GET', `/motions?status=carried&${after}`, coordinators.c.token);
    expect(carried.body).toMatchObject({ total: 1 });
    expect(carried.body.items).toEqual([
      expect.objectContaining({
        motionId: first.body.motionId,
        status: 'carried',
        votes: { for: 2, against: 1, abstain: 0 },
        outcome: { decidedAt: expect.any(String), votesFor: ['a', 'b'], filledSeats: 3 },
      }),
    ]);
    const stillOpen = await call('GET', `/motions?status=open&${after}`, coordinators.c.token);
    expect(stillOpen.body.items.map((motion: { motionId: string }) => motion.motionId)).toEqual([
      second.body.motionId,
    ]);
    expect((await call('GET', `/motions?status=lapsed&${after}`, coordinators.c.token)).body).toMatchObject({
      items: [],
      total: 0,
    });

    const secondPage = await call('GET', '/motions?page=2&pageSize=1', coordinators.c.token);
    expect(secondPage.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(secondPage.body.items.map((motion: { motionId: string }) => motion.motionId)).toEqual([
      first.body.motionId,
    ]);
  });

  it.each([
    ['pageSize=101', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['page=two', 'page'],
    ['status=withdrawn', 'status'],
    ['sort=oldest', 'sort'],
  ])('GET /motions?%s is refused with a problem naming %s', async (query, field) => {
    const response = await call('GET', `/motions?${query}`, coordinators.a.token);
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });
});

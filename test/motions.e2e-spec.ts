import {
  enrolSeatedNetworks,
  eventuallyAppended,
  expectRefused,
  RunningApi,
  startApi,
} from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-motions-test-0123456789';
const CLOSES = new Date(Date.now() + 7 * 86_400_000).toISOString();
const content = {
  title: 'Shared drainage asset survey',
  summary: 'One survey contract for four authorities.',
  body: 'Details.',
  themes: ['drainage'],
  authorities: [],
  links: [],
  attachments: [],
  contact: { name: 'Dee Rain', email: 'dee@example.org' },
};

describe('motions over HTTP, and the policy that applies carried decisions', () => {
  let api: RunningApi;
  const tokens: Record<string, string> = {};
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api.call(method, path, token, body);

  const eventually = (stream: string, type: string) => eventuallyAppended(api.store, stream, type);

  async function carry(kind: string, payload: unknown) {
    const proposed = await call('POST', '/motions', tokens.a, { kind, payload, closesAt: CLOSES });
    expect(proposed.status).toBe(201);
    const { motionId } = proposed.body;
    expect((await call('POST', `/motions/${motionId}/votes`, tokens.a, { vote: 'for' })).status).toBe(200);
    expect((await call('POST', `/motions/${motionId}/votes`, tokens.b, { vote: 'for' })).status).toBe(200);
    return motionId as string;
  }

  beforeAll(async () => {
    api = await startApi('motions', { BOOTSTRAP_TOKEN: FACILITATOR });
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    for (const [networkId, { token }] of Object.entries(coordinators)) tokens[networkId] = token;
  });
  afterAll(() => api.close());

  it('only seat holders propose, and the payload is checked against its kind', async () => {
    await expectRefused(
      api,
      () =>
        call('POST', '/motions', FACILITATOR, {
          kind: 'set-priorities',
          payload: { period: '2027', themes: ['drainage'] },
          closesAt: CLOSES,
        }),
      403,
    );
    const bad = await expectRefused(
      api,
      () =>
        call('POST', '/motions', tokens.a, {
          kind: 'change-approval-policy',
          payload: { quorum: 0, reviewWindowDays: 14, extra: 1 },
          closesAt: CLOSES,
        }),
      400,
    );
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'payload.extra',
      'payload.quorum',
    ]);
  });

  it('a motion is carried by a majority of filled seats (2 of 3), and shows its votes', async () => {
    const motionId = await carry('set-priorities', {
      period: '2027',
      themes: ['drainage', 'winter-service'],
    });
    expect((await call('GET', `/motions/${motionId}`, tokens.c)).body).toMatchObject({
      status: 'carried',
      kind: 'set-priorities',
      votes: { a: 'for', b: 'for' },
    });
    const set = await eventually('steering-group', 'CollectionPrioritiesSet');
    expect(set.data).toEqual({ motionId, period: '2027', themes: ['drainage', 'winter-service'] });
    expect(set.metadata.causationId).toEqual(expect.any(String));
  });

  it('the same vote cast again writes nothing and says so: its position is the motion as decided on, unchanged', async () => {
    const proposed = await call('POST', '/motions', tokens.a, {
      kind: 'set-priorities',
      payload: { period: '2028', themes: ['drainage'] },
      closesAt: CLOSES,
    });
    const { motionId } = proposed.body;
    const cast = await call('POST', `/motions/${motionId}/votes`, tokens.c, { vote: 'against' });
    expect(cast.body).toEqual({ position: expect.any(Number) });
    const head = await api.store.headPosition();

    const again = await call('POST', `/motions/${motionId}/votes`, tokens.c, { vote: 'against' });
    expect(again).toMatchObject({ status: 200, body: { position: cast.body.position, unchanged: true } });
    expect(await api.store.headPosition()).toBe(head);

    const changed = await call('POST', `/motions/${motionId}/votes`, tokens.c, { vote: 'abstain' });
    expect(changed.body).toEqual({ position: Number(head) + 1 });
    expect((await call('GET', `/motions/${motionId}`, tokens.c)).body.votes).toEqual({ c: 'abstain' });
  });

  it('a carried policy change applies to the next review: quorum 1 approves on one review', async () => {
    const motionId = await carry('change-approval-policy', { quorum: 1, reviewWindowDays: 10 });
    expect((await eventually('steering-group', 'ApprovalPolicyChanged')).data).toMatchObject({
      motionId,
      version: 2,
      quorum: 1,
    });

    const submitted = await call('POST', '/practices', tokens.a, content);
    await call('POST', `/practices/${submitted.body.practiceId}/reviews`, tokens.b, {
      round: 1,
      verdict: 'approve',
      comment: '',
    });
    const approved = (await api.store.readStream(`practice-${submitted.body.practiceId}`)).find(
      (event) => event.type === 'PracticeApproved',
    );
    expect(approved?.data).toMatchObject({ policyVersion: 2, quorum: 1, approvals: ['b'] });
  });

  it('a carried suspension stops the network acting until reinstated', async () => {
    await carry('suspend-network', { networkId: 'c' });
    await eventually('network-c', 'NetworkSuspended');
    await expectRefused(api, () => call('POST', '/practices', tokens.c, content), 403);
    await carry('reinstate-network', { networkId: 'c' });
    await eventually('network-c', 'NetworkReinstated');
    expect((await call('POST', '/practices', tokens.c, content)).status).toBe(201);
  });
});

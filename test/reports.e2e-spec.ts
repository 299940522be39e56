import { CommandBus } from '@nestjs/cqrs';
import { FixedClock, RunCommand } from '@app/application';
import { content } from './audit/practice-steps';
import {
  enrolSeatedNetworks,
  eventuallyAppended,
  expectRefused,
  RunningApi,
  startApi,
} from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-reports-test-0123456789';

/**
 * The quarterly progress report on a FixedClock, worked out by hand for 2026-Q4: a, b and c enrolled on 25
 * September; a's item approved after 3 days and published, b's rejected after 10; a motion setting the priorities.
 */
describe('the progress report (GET /reports/progress)', () => {
  const clock = new FixedClock(new Date('2026-09-25T09:00:00.000Z'));
  let api: RunningApi;
  let tokens: Record<string, string>;
  let coordinators: Record<string, { token: string; personId: string }>;
  const as = (networkId: string, method: string, path: string, body?: unknown) =>
    api.call(method, path, tokens[networkId], body).then((response) => {
      if (response.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(response.body)}`);
      return response.body;
    });
  const review = (networkId: string, practiceId: string, verdict: string) =>
    as(networkId, 'POST', `/practices/${practiceId}/reviews`, { round: 1, verdict, comment: 'Read it.' });
  const report = (quarter: string, position: number) =>
    api.call('GET', `/reports/progress?quarter=${quarter}&minPosition=${position}`, tokens.c);

  beforeAll(async () => {
    api = await startApi('reports', { BOOTSTRAP_TOKEN: FACILITATOR }, { clock });
    coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    tokens = Object.fromEntries(Object.entries(coordinators).map(([id, { token }]) => [id, token]));
    await as('a', 'POST', '/networks/a/authorities', { authorityCode: 'york' });
    await as('b', 'POST', '/networks/b/authorities', { authorityCode: 'leeds' });

    clock.set(new Date('2026-10-05T09:00:00.000Z'));
    const { practiceId: gritting } = await as(
      'a',
      'POST',
      '/practices',
      content('Gritting routes re-planned'),
    );
    clock.set(new Date('2026-10-08T09:00:00.000Z'));
    await review('b', gritting, 'approve');
    await review('c', gritting, 'approve');
    await as('a', 'POST', `/practices/${gritting}/publish`);
    clock.set(new Date('2026-10-10T09:00:00.000Z'));
    const drains = { themes: ['drainage'] };
    const { practiceId: gullies } = await as(
      'b',
      'POST',
      '/practices',
      content('Gully cleansing by need', drains),
    );
    clock.set(new Date('2026-10-20T09:00:00.000Z'));
    await review('a', gullies, 'reject');
    await review('c', gullies, 'reject');
    const { motionId } = await as('a', 'POST', '/motions', {
      kind: 'set-priorities',
      payload: { period: '2026-Q4', themes: ['winter-service', 'drainage'] },
      closesAt: '2026-10-30T00:00:00.000Z',
    });
    await as('a', 'POST', `/motions/${motionId}/votes`, { vote: 'for' });
    await as('b', 'POST', `/motions/${motionId}/votes`, { vote: 'for' });
    // The carried motion's priorities are set by a policy reacting to it, after the vote's answer.
    await eventuallyAppended(api.store, 'steering-group', 'CollectionPrioritiesSet');
    clock.set(new Date('2026-11-01T09:00:00.000Z'));
  });
  afterAll(() => api.close());

  const FIGURES = {
    quarter: '2026-Q4',
    from: '2026-10-01T00:00:00.000Z',
    to: '2027-01-01T00:00:00.000Z',
    networks: [
      { networkId: 'a', name: 'Network a', status: 'active', submissions: 1, revisions: 0, publications: 1 },
      { networkId: 'b', name: 'Network b', status: 'active', submissions: 1, revisions: 0, publications: 0 },
      { networkId: 'c', name: 'Network c', status: 'active', submissions: 0, revisions: 0, publications: 0 },
      {
        networkId: 'nht-network',
        name: 'National Highways & Transport Network',
        status: 'active',
        submissions: 0,
        revisions: 0,
        publications: 0,
      },
    ],
    totals: { submissions: 2, revisions: 0, publications: 1 },
    reviewTimes: { decisions: 2, approved: 1, rejected: 1, medianDays: 6.5, p90Days: 10 },
    priorities: {
      period: '2026-Q4',
      counted: 'within-period',
      themes: [
        { theme: 'winter-service', published: 1 },
        { theme: 'drainage', published: 0 },
      ],
      covered: 1,
      total: 2,
    },
    reach: {
      contributingNetworks: ['a'],
      authorities: ['york'],
      annualFunding: { represented: 4_417_000, register: 1_152_821_000 },
    },
  };

  it('is provisional for the quarter under way, as the log stands now', async () => {
    const head = Number(await api.store.headPosition());
    const answer = await report('2026-Q4', head);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'provisional',
      asOf: '2026-11-01T09:00:00.000Z',
      ...FIGURES,
    });
    expect(answer.body.reach.fundingShare).toBeCloseTo(4_417_000 / 1_152_821_000, 12);
    // Judged at 1 November: c was enrolled 37 days before, within the 90 days.
    expect(answer.body.regularUpdates.flagged).toEqual([]);
    expect(answer.body.motionsCarried).toEqual([
      { motionId: expect.any(String), kind: 'set-priorities', carriedAt: '2026-10-20T09:00:00.000Z' },
    ]);
  });

  it("is issued once the quarter has closed, judged at the quarter's end, and kept as issued", async () => {
    const bus = api.app.get(CommandBus);
    const issue = (commandId: string) =>
      bus.execute(new RunCommand({ type: 'IssueProgressReport', quarter: '2026-Q4' }, { commandId }));
    await expect(issue('too-early')).rejects.toThrow(/not closed/);
    await expect(
      bus.execute(new RunCommand({ type: 'IssueProgressReport', quarter: '2026-Q5' }, { commandId: 'bad' })),
    ).rejects.toThrow(/named like 2026-Q4/);
    // The tokens of 25 September expire after 90 days: fresh ones to read the report in January.
    for (const [networkId, { personId }] of Object.entries(coordinators))
      tokens[networkId] = (
        await as(networkId, 'POST', `/networks/${networkId}/members/${personId}/tokens`, {
          expiresInDays: 365,
        })
      ).token;
    clock.set(new Date('2027-01-02T06:00:00.000Z'));
    const { position } = await issue('quarterly-2026-Q4');
    await expect(issue('again')).rejects.toThrow(/already issued/);

    const answer = await report('2026-Q4', position);
    expect(answer.body).toMatchObject({ status: 'issued', issuedAt: '2027-01-02T06:00:00.000Z', ...FIGURES });
    // c (and the facilitator's network) enrolled on 25 September and never submitted: 98 days at the quarter's end,
    // past the policy's 90.
    expect(answer.body.regularUpdates).toEqual({
      updateIntervalDays: 90,
      flagged: ['c', 'nht-network'],
      networks: [
        { networkId: 'a', lastSubmissionAt: '2026-10-05T09:00:00.000Z', flagged: false },
        { networkId: 'b', lastSubmissionAt: '2026-10-10T09:00:00.000Z', flagged: false },
        { networkId: 'c', lastSubmissionAt: null, flagged: true },
        { networkId: 'nht-network', lastSubmissionAt: null, flagged: true },
      ],
    });
    const [issued] = await api.store.readStream('reports');
    expect(issued.data).toMatchObject({ quarter: '2026-Q4', report: FIGURES });
  });

  it('is served as CSV, a row per figure', async () => {
    const response = await fetch(`${api.base}/reports/progress.csv?quarter=2026-Q4`, {
      headers: { authorization: `Bearer ${tokens.a}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe('quarter,status,section,subject,measure,value');
    expect(lines).toEqual(
      expect.arrayContaining([
        '2026-Q4,issued,network,a,submissions,1',
        '2026-Q4,issued,review-times,all,medianDays,6.5',
        '2026-Q4,issued,priorities,drainage,published,0',
        '2026-Q4,issued,reach,all,annualFundingRepresented,4417000',
        '2026-Q4,issued,regular-updates,c,flagged,true',
      ]),
    );
  });

  it('stays as issued, whatever the log says of the quarter later', async () => {
    // A clock set back (or code that counts differently) would give other figures now: the issued ones stand.
    clock.set(new Date('2026-12-30T09:00:00.000Z'));
    const late = await as('b', 'POST', '/practices', content('Late gully survey'));
    clock.set(new Date('2027-01-03T09:00:00.000Z'));
    const answer = await report('2026-Q4', late.position);
    expect(answer.body).toMatchObject({ status: 'issued', totals: { submissions: 2 } });
  });

  it('refuses a quarter that is not one (400), one not begun (404), and the public (401)', async () => {
    for (const quarter of ['2026-Q5', '2026Q4', '2026-q4', 'Q4-2026', '', '2026-Q4x'])
      for (const path of ['/reports/progress', '/reports/progress.csv']) {
        const refused = await expectRefused(
          api,
          () => api.call('GET', `${path}?quarter=${encodeURIComponent(quarter)}`, tokens.a),
          400,
        );
        expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'quarter' })]);
      }
    await expectRefused(api, () => api.call('GET', '/reports/progress', tokens.a), 400);
    await expectRefused(api, () => api.call('GET', '/reports/progress?quarter=2027-Q2', tokens.a), 404);
    await expectRefused(api, () => api.call('GET', '/reports/progress?quarter=2026-Q4'), 401);
  });
});

import { FixedClock } from '@app/application';
import { UnansweredSearches } from '@app/read-models';
import {
  ApiResponse,
  enrolSeatedNetworks,
  eventuallyAppended,
  expectRefused,
  RunningApi,
  startApi,
  succeeds,
} from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-dashboard-test-0123456789';
const DAY_MS = 86_400_000;
/** Day 0 of the scenario; every day below is counted from here (2026-10-01 + 31 = 11-01, + 30 = 12-01, + 31 = 2027-01-01). */
const DAY_0 = new Date('2026-10-01T09:00:00.000Z');
const at = (day: number) => new Date(DAY_0.getTime() + day * DAY_MS).toISOString();
const content = (title: string, themes: string[]) => ({
  title,
  summary: 'What we did and what it saved.',
  body: 'Details.',
  themes,
  authorities: [],
  links: [],
  attachments: [],
  contact: { name: 'Ann Example', email: 'ann@example.org' },
});

/**
 * The Steering Group dashboard and the review queue over real HTTP, with a clock the test moves on. Four seated
 * networks a–d and the facilitator network (no seat) live through 125 days:
 *
 * | day | what                                                            |
 * |-----|-----------------------------------------------------------------|
 * | 0   | enrolment; a submits P1 (drainage)                              |
 * | 10  | b submits P2                                                    |
 * | 20  | b and c approve P1 (quorum 2): approved; a publishes it         |
 * | 30  | c submits P3 (drainage)                                         |
 * | 40  | a and c reject P2: rejected                                     |
 * | 50  | a submits P4                                                    |
 * | 60  | a and d approve P3: approved                                    |
 * | 65  | c publishes P3 (2026-12-05)                                     |
 * | 95  | a revises P1 (round 2, drainage and winter service; 2027-01-04) |
 * | 100 | d submits P5, b approves it; priorities for 2027 carried        |
 * | 105 | c and d approve P1 round 2: approved; a publishes it            |
 * | 112 | b submits P6                                                    |
 * | 120 | a proposes a policy change that stays open                      |
 * | 125 | now (2027-02-03)                                                |
 */
describe('the Steering Group dashboard and the review queue', () => {
  const clock = new FixedClock(DAY_0);
  let api: RunningApi;
  /** Tokens valid a year: the ones issued at enrolment would expire during the scenario. */
  const tokens: Record<string, string> = {};
  const practices: Record<string, string> = {};
  let policyMotion: string;
  let minPosition: string;

  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api.call(method, path, token, body);
  const submit = async (name: string, networkId: string, themes = ['drainage']) => {
    practices[name] = (
      await succeeds(call('POST', '/practices', tokens[networkId], content(name, themes)))
    ).body.practiceId;
  };
  const review = (name: string, networkId: string, verdict: string, round = 1) =>
    succeeds(
      call('POST', `/practices/${practices[name]}/reviews`, tokens[networkId], {
        round,
        verdict,
        comment: '',
      }),
    );
  const publish = (name: string, networkId: string) =>
    succeeds(call('POST', `/practices/${practices[name]}/publish`, tokens[networkId]), 200);
  const vote = (motionId: string, networkId: string) =>
    succeeds(call('POST', `/motions/${motionId}/votes`, tokens[networkId], { vote: 'for' }), 200);
  const moveTo = (day: number) => clock.set(new Date(at(day)));

  async function longToken(token: string): Promise<string> {
    const { personId, networkId } = (await succeeds(call('GET', '/me', token), 200)).body;
    const issued = call('POST', `/networks/${networkId}/members/${personId}/tokens`, token, {
      expiresInDays: 365,
    });
    return (await succeeds(issued)).body.token;
  }

  beforeAll(async () => {
    api = await startApi('dashboard', { BOOTSTRAP_TOKEN: FACILITATOR }, { clock });
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c', 'd']);
    tokens.facilitator = await longToken(FACILITATOR);
    for (const [networkId, { token }] of Object.entries(coordinators))
      tokens[networkId] = await longToken(token);
    // a and c will contribute; b names an authority but publishes nothing; cambridgeshire's funding is its CA's.
    for (const [networkId, authorityCode] of [
      ['a', 'devon'],
      ['a', 'cornwall'],
      ['b', 'essex'],
      ['c', 'kent'],
      ['c', 'cambridgeshire'],
    ])
      await succeeds(
        call('POST', `/networks/${networkId}/authorities`, tokens[networkId], { authorityCode }),
        200,
      );

    await submit('P1', 'a');
    moveTo(10);
    await submit('P2', 'b');
    moveTo(20);
    await review('P1', 'b', 'approve');
    await review('P1', 'c', 'approve');
    await publish('P1', 'a');
    moveTo(30);
    await submit('P3', 'c');
    moveTo(40);
    await review('P2', 'a', 'reject');
    await review('P2', 'c', 'reject');
    moveTo(50);
    await submit('P4', 'a');
    moveTo(60);
    await review('P3', 'a', 'approve');
    await review('P3', 'd', 'approve');
    moveTo(65);
    await publish('P3', 'c');
    moveTo(95);
    await succeeds(
      call('POST', `/practices/${practices.P1}/revisions`, tokens.a, {
        ...content('P1', ['drainage', 'winter-service']),
        basedOnVersion: 1,
      }),
    );
    moveTo(100);
    await submit('P5', 'd');
    await review('P5', 'b', 'approve');
    const priorities = await succeeds(
      call('POST', '/motions', tokens.a, {
        kind: 'set-priorities',
        payload: { period: '2027', themes: ['drainage', 'winter-service', 'street-lighting'] },
        closesAt: at(130),
      }),
    );
    // Four filled seats: three votes for are a majority.
    for (const networkId of ['a', 'b', 'c']) await vote(priorities.body.motionId, networkId);
    // The carried motion's decision is applied by a policy, a moment after the vote.
    await eventuallyAppended(api.store, 'steering-group', 'CollectionPrioritiesSet');
    moveTo(105);
    await review('P1', 'c', 'approve', 2);
    await review('P1', 'd', 'approve', 2);
    await publish('P1', 'a');
    moveTo(112);
    await submit('P6', 'b');
    moveTo(120);
    const policy = await succeeds(
      call('POST', '/motions', tokens.a, {
        kind: 'change-approval-policy',
        payload: { quorum: 2, reviewWindowDays: 21 },
        closesAt: at(135),
      }),
    );
    policyMotion = policy.body.motionId;
    await vote(policyMotion, 'a');

    const searches = api.app.get(UnansweredSearches);
    searches.record('Pothole sensors', new Date(at(101)));
    searches.record('gully cleaning', new Date(at(110)));
    searches.record('pothole  SENSORS', new Date(at(102)));

    moveTo(125);
    minPosition = String(await api.store.headPosition());
  });
  afterAll(() => api.close());

  describe('GET /dashboard', () => {
    let dashboard: ApiResponse['body'];
    beforeAll(async () => {
      // Any member may read it: the facilitator's coordinator holds no seat.
      dashboard = (
        await succeeds(call('GET', `/dashboard?minPosition=${minPosition}`, tokens.facilitator), 200)
      ).body;
    });

    it('needs a token, and takes minPosition', async () => {
      expect((await call('GET', '/dashboard')).status).toBe(401);
      expect((await call('GET', '/dashboard?minPosition=soon', tokens.a)).status).toBe(400);
      expect(dashboard.asOf).toBe('2027-02-03T09:00:00.000Z');
      expect(dashboard.policy).toEqual({
        version: 1,
        quorum: 2,
        reviewWindowDays: 14,
        updateIntervalDays: 90,
      });
    });

    it('shows the review queue oldest first, flagging what waited longer than the review window', () => {
      expect(dashboard.reviewQueue).toEqual({
        count: 3,
        overdue: 2,
        reviewWindowDays: 14,
        items: [
          // 125 − 50 = 75 days > 14
          item('P4', 'a', 1, 50, 75, true),
          // 125 − 100 = 25 days > 14 (in review: b approved, a second approval is needed)
          item('P5', 'd', 1, 100, 25, true),
          // 125 − 112 = 13 days
          item('P6', 'b', 1, 112, 13, false),
        ],
      });
    });

    it('counts decisions and the median time from a round opening to its decision', () => {
      // P1 round 1: 20 − 0 = 20; P2: 40 − 10 = 30; P3: 60 − 30 = 30; P1 round 2: 105 − 95 = 10.
      // Sorted 10, 20, 30, 30: an even count, so (20 + 30) / 2 = 25.
      expect(dashboard.decisions).toEqual({
        approved: { total: 3, quorum: 3, lazyConsensus: 0 },
        rejected: 1,
        medianDaysToDecision: 25,
        byQuarter: expect.any(Array),
      });
      const byQuarter = dashboard.decisions.byQuarter as Array<{ approved: number; rejected: number }>;
      expect(byQuarter.reduce((sum, quarter) => sum + quarter.approved, 0)).toBe(3);
      expect(byQuarter.reduce((sum, quarter) => sum + quarter.rejected, 0)).toBe(1);
    });

    it('counts submissions, revisions and publications per network per quarter', () => {
      expect(dashboard.activity).toEqual([
        // P1 (day 0) and P4 (day 50, 11-20); P1 published day 20
        { networkId: 'a', quarter: '2026-Q4', submissions: 2, revisions: 0, publications: 1 },
        { networkId: 'b', quarter: '2026-Q4', submissions: 1, revisions: 0, publications: 0 },
        // P3 submitted day 30 (10-31), published day 65 (12-05)
        { networkId: 'c', quarter: '2026-Q4', submissions: 1, revisions: 0, publications: 1 },
        // P1 revised day 95 (2027-01-04), republished day 105
        { networkId: 'a', quarter: '2027-Q1', submissions: 0, revisions: 1, publications: 1 },
        { networkId: 'b', quarter: '2027-Q1', submissions: 1, revisions: 0, publications: 0 },
        { networkId: 'd', quarter: '2027-Q1', submissions: 1, revisions: 0, publications: 0 },
      ]);
    });

    it('flags networks with no submission for 90 days, and one never submitting once enrolled that long', () => {
      const { updateIntervalDays, flagged, networks } = dashboard.updateStatus;
      expect({ updateIntervalDays, flagged }).toEqual({ updateIntervalDays: 90, flagged: 2 });
      expect(networks).toEqual([
        // Its revision on day 95 counts: 125 − 95 = 30.
        network('a', 'Network a', 95, 30, false),
        network('b', 'Network b', 112, 13, false),
        // 125 − 30 = 95 > 90
        network('c', 'Network c', 30, 95, true),
        network('d', 'Network d', 100, 25, false),
        // Never submitted, enrolled 125 days ago > 90.
        {
          networkId: 'nht-network',
          name: 'National Highways & Transport Network',
          status: 'active',
          enrolledAt: at(0),
          lastSubmissionAt: null,
          daysSinceLastSubmission: null,
          flagged: true,
        },
      ]);
    });

    it('shows the coverage of the priority themes by material published in the period', () => {
      // In 2027 only P1's second version came out (day 105, drainage and winter service); P3 came out in 2026.
      expect(dashboard.priorities).toEqual({
        period: '2027',
        counted: 'within-period',
        themes: [
          { theme: 'drainage', published: 1 },
          { theme: 'winter-service', published: 1 },
          { theme: 'street-lighting', published: 0 },
        ],
        covered: 2,
        total: 3,
        coverage: 2 / 3,
      });
    });

    it('shows seats filled and vacant, and the open motions', () => {
      expect(dashboard.seats).toEqual({
        filled: 4,
        vacant: 1,
        vacantNetworks: ['nht-network'],
        openMotions: {
          count: 1,
          items: [{ motionId: policyMotion, kind: 'change-approval-policy', closesAt: at(135) }],
        },
      });
    });

    it('shows the authorities of contributing networks and their share of the annual funding', async () => {
      const register = (await succeeds(call('GET', '/authorities'), 200)).body as Array<{
        code: string;
        allocations?: { total: number | null };
      }>;
      const total = (code: string) => register.find((entry) => entry.code === code)!.allocations?.total ?? 0;
      // Looked up by hand in libs/reference-data/data/authorities.json, and checked against the route:
      expect([total('devon'), total('cornwall'), total('kent'), total('cambridgeshire')]).toEqual([
        56_453_000, 32_461_000, 40_972_000, 0,
      ]);
      const registerTotal = register.reduce((sum, entry) => sum + (entry.allocations?.total ?? 0), 0);
      expect(registerTotal).toBe(1_152_821_000);

      // a (devon, cornwall) and c (kent, cambridgeshire) published; b (essex) and d did not.
      // 56,453,000 + 32,461,000 + 40,972,000 + 0 = 129,886,000 of 1,152,821,000 = 0.11267
      expect(dashboard.reach).toEqual({
        contributingNetworks: ['a', 'c'],
        authorities: ['cambridgeshire', 'cornwall', 'devon', 'kent'],
        authorityCount: 4,
        annualFunding: { represented: 129_886_000, register: 1_152_821_000 },
        fundingShare: expect.closeTo(0.11267, 5),
        taxYears: ['2022-23', '2023-24', '2024-25'],
      });
      expect(dashboard.reach.fundingShare).toBe(
        (total('devon') + total('cornwall') + total('kent') + total('cambridgeshire')) / registerTotal,
      );
    });

    it('lists the searches that found nothing, most frequent first', () => {
      expect(dashboard.unansweredSearches).toEqual({
        total: 3,
        top: [
          { query: 'pothole sensors', count: 2, lastAt: at(102) },
          { query: 'gully cleaning', count: 1, lastAt: at(110) },
        ],
      });
    });
  });

  describe('GET /review-queue', () => {
    const queue = async (networkId: string) => {
      const response = await succeeds(
        call('GET', `/review-queue?minPosition=${minPosition}`, tokens[networkId]),
        200,
      );
      return response.body;
    };

    it("gives a seat holder other networks' items it has not reviewed this round, oldest first", async () => {
      // b: P4 is a's; P5 it approved already; P6 is its own.
      expect(await queue('b')).toEqual({ reviewWindowDays: 14, items: [item('P4', 'a', 1, 50, 75, true)] });
      // c reviewed none of the three in their current rounds.
      expect((await queue('c')).items).toEqual([
        item('P4', 'a', 1, 50, 75, true),
        item('P5', 'd', 1, 100, 25, true),
        item('P6', 'b', 1, 112, 13, false),
      ]);
      // d: P5 is its own.
      expect((await queue('d')).items.map((entry: { title: string }) => entry.title)).toEqual(['P4', 'P6']);
      expect((await queue('a')).items.map((entry: { title: string }) => entry.title)).toEqual(['P5', 'P6']);
    });

    it('is for seat holders only', async () => {
      await expectRefused(api, () => call('GET', '/review-queue', tokens.facilitator), 403, 'not-allowed');
      expect((await call('GET', '/review-queue')).status).toBe(401);
    });
  });

  function item(
    name: string,
    networkId: string,
    round: number,
    day: number,
    ageDays: number,
    overdue: boolean,
  ) {
    return {
      practiceId: practices[name],
      networkId,
      title: name,
      round,
      openedAt: at(day),
      ageDays,
      overdue,
    };
  }
  function network(networkId: string, name: string, lastDay: number, daysSince: number, flagged: boolean) {
    return {
      networkId,
      name,
      status: 'active',
      enrolledAt: at(0),
      lastSubmissionAt: at(lastDay),
      daysSinceLastSubmission: daysSince,
      flagged,
    };
  }
});

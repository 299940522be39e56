import Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/event-store';
import { dashboardEvents } from './testing/dashboard-events';
import { type Authority, AuthorityRegister } from '@app/reference-data';
import { dashboardProjection } from './dashboard.projection';
import { median, networkMaterial, periodSpan, readDashboard, reviewQueueFor } from './dashboard.queries';

const { event, submitted, revised, reviewed, approved, published } = dashboardEvents();
const enrolled = (networkId: string, at: string) =>
  event('NetworkEnrolled', at, {
    networkId,
    name: `Network ${networkId}`,
    scope: 'regional',
    facilitator: false,
  });
const seated = (networkId: string) =>
  event('RepresentativeNominated', '2026-01-01T00:00:00.000Z', { networkId, personId: `${networkId}-rep` });
const named = (networkId: string, authorityCode: string) =>
  event('MemberAuthorityAdded', '2026-01-01T00:00:00.000Z', { networkId, authorityCode });
const priorities = (period: string, at = '2026-12-20T00:00:00.000Z') =>
  event('CollectionPrioritiesSet', at, {
    motionId: `m-${period}`,
    period,
    themes: ['drainage', 'winter-service', 'structures'],
  });

const authority = (code: string, total: number | null): Authority => ({
  code,
  name: code,
  kind: 'local-authority',
  unitary: false,
  status: 'funded-directly',
  asterisk: false,
  funding: { maintenance: 'direct', itb: 'direct' },
  ...(total === null
    ? {}
    : { allocations: { potholes: null, hmbNeeds: null, hmbIncentive: null, itb: null, total } }),
});
const register = new AuthorityRegister({
  source: 'test',
  title: 'test',
  updated: 'test',
  taxYears: ['2022-23', '2023-24'],
  authorities: [
    authority('w-ca', 60_000_000),
    authority('x-county', 30_000_000),
    authority('y-borough', null),
    authority('z-city', 10_000_000),
  ],
});

const NOW = new Date('2027-01-30T00:00:00.000Z');

/**
 * Networks a, b, c (seats), d and n (no seat), e (seated, then suspended). Items, with their round openings:
 * - p8 (e) submitted 2026-01-05, approved 2026-01-20 (15 days), published 2026-01-21, structures;
 * - p1 (a) submitted 2026-10-01, approved 2026-10-04T12:00 (3.5 days), published 2026-10-05, drainage;
 * - p7 (c) submitted 2026-10-20, withdrawn;
 * - p2 (b) submitted 2026-11-01, rejected 2026-11-11 (10 days);
 * - p3 (a) submitted 2027-01-01, approved by lazy consensus 2027-01-08 (7 days), published 2027-01-09,
 *   winter-service and drainage;
 * - in review now: p4 (a) 2027-01-10, reviewed by b; p5 (b) 2027-01-20T12:00; p6 (a) 2027-01-15, changes
 *   requested by b, revised (round 2) 2027-01-25.
 */
function scenario(): RecordedEvent[] {
  return [
    enrolled('e', '2026-01-01T00:00:00.000Z'),
    seated('e'),
    named('e', 'w-ca'),
    named('e', 'x-county'),
    submitted('p8', 'e', '2026-01-05T00:00:00.000Z', ['structures']),
    approved('p8', '2026-01-20T00:00:00.000Z'),
    published('p8', '2026-01-21T00:00:00.000Z'),
    event('NetworkSuspended', '2026-06-01T00:00:00.000Z', { networkId: 'e', motionId: 'm' }),
    enrolled('d', '2026-09-01T00:00:00.000Z'),
    enrolled('a', '2026-10-01T00:00:00.000Z'),
    enrolled('b', '2026-10-01T00:00:00.000Z'),
    enrolled('c', '2026-10-01T00:00:00.000Z'),
    ...['a', 'b', 'c'].map(seated),
    named('a', 'x-county'),
    named('a', 'y-borough'),
    named('b', 'z-city'),
    named('c', 'z-city'),
    enrolled('n', '2026-12-01T00:00:00.000Z'),
    submitted('p1', 'a', '2026-10-01T00:00:00.000Z'),
    reviewed('p1', 1, 'b'),
    approved('p1', '2026-10-04T12:00:00.000Z'),
    published('p1', '2026-10-05T00:00:00.000Z'),
    submitted('p7', 'c', '2026-10-20T00:00:00.000Z'),
    event('PracticeWithdrawn', '2026-10-21T00:00:00.000Z', {
      practiceId: 'p7',
      reason: 'r',
      withdrawnBy: 'p',
    }),
    submitted('p2', 'b', '2026-11-01T00:00:00.000Z'),
    event('PracticeRejected', '2026-11-11T00:00:00.000Z', {
      practiceId: 'p2',
      version: 1,
      round: 1,
      rejections: ['a', 'c'],
      policyVersion: 1,
      quorum: 2,
    }),
    submitted('p3', 'a', '2027-01-01T00:00:00.000Z', ['winter-service', 'drainage']),
    approved('p3', '2027-01-08T00:00:00.000Z', { approvedBy: 'lazy-consensus' }),
    published('p3', '2027-01-09T00:00:00.000Z'),
    submitted('p4', 'a', '2027-01-10T00:00:00.000Z'),
    reviewed('p4', 1, 'b'),
    submitted('p6', 'a', '2027-01-15T00:00:00.000Z'),
    reviewed('p6', 1, 'b', { verdict: 'request_changes' }),
    event('ChangesRequested', '2027-01-16T00:00:00.000Z', { practiceId: 'p6', round: 1 }),
    submitted('p5', 'b', '2027-01-20T12:00:00.000Z'),
    revised('p6', 2, '2027-01-25T00:00:00.000Z', ['drainage']),
    event('MotionProposed', '2027-01-28T00:00:00.000Z', {
      motionId: 'm-open',
      kind: 'appoint-auditor',
      payload: { personId: 'x' },
      closesAt: '2027-02-05T00:00:00.000Z',
      proposedBy: { personId: 'a-rep', networkId: 'a' },
    }),
  ];
}

describe('dashboard queries', () => {
  let db: Database.Database;
  const apply = (...events: RecordedEvent[]) => events.forEach((e) => dashboardProjection.apply(db, e));
  const searches = {
    total: jest.fn(() => 7),
    list: jest.fn((limit: number) =>
      [{ query: 'gully sensors', count: 4, lastAt: '2027-01-02T00:00:00.000Z' }].slice(0, limit),
    ),
  };
  const dashboard = (now = NOW) => readDashboard(db, { now, register, searches });

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(dashboardProjection.schema);
  });
  afterEach(() => db.close());

  it('defines the median of an even count as the mean of the two middle values', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([10, 1, 4, 2])).toBe(3); // (2 + 4) / 2
  });

  it('reads a year or a quarter as a span of time, and nothing else', () => {
    expect(periodSpan('2027')).toEqual({ from: '2027-01-01T00:00:00.000Z', to: '2028-01-01T00:00:00.000Z' });
    expect(periodSpan('2027-Q4')).toEqual({
      from: '2027-10-01T00:00:00.000Z',
      to: '2028-01-01T00:00:00.000Z',
    });
    expect(periodSpan('2027-Q5')).toBeUndefined();
    expect(periodSpan('next cycle')).toBeUndefined();
  });

  it('on an empty log: the default policy, nothing queued or decided, no priorities, no reach', () => {
    expect(dashboard()).toEqual({
      asOf: '2027-01-30T00:00:00.000Z',
      policy: { version: 1, quorum: 2, reviewWindowDays: 14, updateIntervalDays: 90 },
      reviewQueue: { count: 0, overdue: 0, reviewWindowDays: 14, items: [] },
      decisions: {
        approved: { total: 0, quorum: 0, lazyConsensus: 0 },
        rejected: 0,
        medianDaysToDecision: null,
        byQuarter: [],
      },
      activity: [],
      updateStatus: { updateIntervalDays: 90, flagged: 0, networks: [] },
      priorities: null,
      seats: { filled: 0, vacant: 0, vacantNetworks: [], openMotions: { count: 0, items: [] } },
      reach: {
        contributingNetworks: [],
        authorities: [],
        authorityCount: 0,
        annualFunding: { represented: 0, register: 100_000_000 },
        fundingShare: 0,
        taxYears: ['2022-23', '2023-24'],
      },
      unansweredSearches: {
        total: 7,
        top: [{ query: 'gully sensors', count: 4, lastAt: '2027-01-02T00:00:00.000Z' }],
      },
    });
    expect(searches.list).toHaveBeenCalledWith(10);
  });

  it('works out every figure as of now', () => {
    apply(...scenario(), priorities('2027'));
    const figures = dashboard();

    expect(figures.reviewQueue).toEqual({
      count: 3,
      overdue: 1,
      reviewWindowDays: 14,
      items: [
        // 2027-01-30 − 2027-01-10 = 20 days > 14
        {
          practiceId: 'p4',
          networkId: 'a',
          title: 'Item p4',
          round: 1,
          openedAt: '2027-01-10T00:00:00.000Z',
          ageDays: 20,
          overdue: true,
        },
        // 2027-01-30 − 2027-01-20T12:00 = 9.5 days
        {
          practiceId: 'p5',
          networkId: 'b',
          title: 'Item p5',
          round: 1,
          openedAt: '2027-01-20T12:00:00.000Z',
          ageDays: 9.5,
          overdue: false,
        },
        // counted from the revision that opened round 2: 5 days
        {
          practiceId: 'p6',
          networkId: 'a',
          title: 'Item p6 v2',
          round: 2,
          openedAt: '2027-01-25T00:00:00.000Z',
          ageDays: 5,
          overdue: false,
        },
      ],
    });

    // Durations 15 (p8), 3.5 (p1), 10 (p2), 7 (p3): sorted 3.5, 7, 10, 15 → (7 + 10) / 2 = 8.5.
    expect(figures.decisions).toEqual({
      approved: { total: 3, quorum: 2, lazyConsensus: 1 },
      rejected: 1,
      medianDaysToDecision: 8.5,
      byQuarter: [
        { quarter: '2026-Q1', approved: 1, rejected: 0 },
        { quarter: '2026-Q4', approved: 1, rejected: 1 },
        { quarter: '2027-Q1', approved: 1, rejected: 0 },
      ],
    });

    expect(figures.activity).toEqual([
      { networkId: 'e', quarter: '2026-Q1', submissions: 1, revisions: 0, publications: 1 },
      { networkId: 'a', quarter: '2026-Q4', submissions: 1, revisions: 0, publications: 1 },
      { networkId: 'b', quarter: '2026-Q4', submissions: 1, revisions: 0, publications: 0 },
      { networkId: 'c', quarter: '2026-Q4', submissions: 1, revisions: 0, publications: 0 },
      // p3, p4, p6 submitted; p6 revised; p3 published
      { networkId: 'a', quarter: '2027-Q1', submissions: 3, revisions: 1, publications: 1 },
      { networkId: 'b', quarter: '2027-Q1', submissions: 1, revisions: 0, publications: 0 },
    ]);

    const status = (networkId: string) =>
      figures.updateStatus.networks.find((network) => network.networkId === networkId);
    expect(figures.updateStatus.updateIntervalDays).toBe(90);
    expect(figures.updateStatus.networks.map((network) => network.networkId)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'n',
    ]);
    // a: last the revision of 2027-01-25, 5 days ago.
    expect(status('a')).toMatchObject({
      lastSubmissionAt: '2027-01-25T00:00:00.000Z',
      daysSinceLastSubmission: 5,
      flagged: false,
    });
    expect(status('b')).toMatchObject({ daysSinceLastSubmission: 9.5, flagged: false });
    // c: 2026-10-20 → 2027-01-30 is 12 + 30 + 31 + 29 = 102 days > 90.
    expect(status('c')).toMatchObject({ daysSinceLastSubmission: 102, flagged: true });
    // d never submitted, enrolled 2026-09-01: 30 + 31 + 30 + 31 + 29 = 151 days > 90.
    expect(status('d')).toEqual({
      networkId: 'd',
      name: 'Network d',
      status: 'active',
      enrolledAt: '2026-09-01T00:00:00.000Z',
      lastSubmissionAt: null,
      daysSinceLastSubmission: null,
      flagged: true,
    });
    // e is suspended: it cannot submit, so it is not flagged however long ago it last did (365 + 25 days).
    expect(status('e')).toMatchObject({ status: 'suspended', daysSinceLastSubmission: 390, flagged: false });
    // n never submitted but was enrolled 2026-12-01, 60 days ago.
    expect(status('n')).toMatchObject({ lastSubmissionAt: null, flagged: false });
    expect(figures.updateStatus.flagged).toBe(2);

    // Within 2027 only p3 was published (drainage, winter-service); p1 and p8 came out in 2026.
    expect(figures.priorities).toEqual({
      period: '2027',
      counted: 'within-period',
      themes: [
        { theme: 'drainage', published: 1 },
        { theme: 'winter-service', published: 1 },
        { theme: 'structures', published: 0 },
      ],
      covered: 2,
      total: 3,
      coverage: 2 / 3,
    });

    expect(figures.seats).toEqual({
      filled: 3,
      vacant: 2,
      vacantNetworks: ['d', 'n'],
      openMotions: {
        count: 1,
        items: [{ motionId: 'm-open', kind: 'appoint-auditor', closesAt: '2027-02-05T00:00:00.000Z' }],
      },
    });

    // Contributing: a (p1, p3) and e (p8, still published while suspended); not b (rejected) nor c (withdrawn).
    // Their authorities: w-ca 60m + x-county 30m (named by both, counted once) + y-borough (words: 0) = 90m,
    // of the register's 60m + 30m + 10m = 100m.
    expect(figures.reach).toEqual({
      contributingNetworks: ['a', 'e'],
      authorities: ['w-ca', 'x-county', 'y-borough'],
      authorityCount: 3,
      annualFunding: { represented: 90_000_000, register: 100_000_000 },
      fundingShare: 0.9,
      taxYears: ['2022-23', '2023-24'],
    });
  });

  it('flags a network only once more than the update interval has passed', () => {
    apply(...scenario());
    const c = (now: Date) =>
      dashboard(now).updateStatus.networks.find((network) => network.networkId === 'c');
    // c last submitted 2026-10-20; 90 days later is 2027-01-18.
    expect(c(new Date('2027-01-18T00:00:00.000Z'))).toMatchObject({
      daysSinceLastSubmission: 90,
      flagged: false,
    });
    expect(c(new Date('2027-01-18T00:00:00.001Z'))).toMatchObject({ flagged: true });
  });

  it('flags by the update interval of the policy in force, kept by later changes that do not name one', () => {
    const policyChange = (version: number, updateIntervalDays?: number) =>
      event('ApprovalPolicyChanged', '2027-01-02T00:00:00.000Z', {
        motionId: `m-policy-${version}`,
        version,
        quorum: 2,
        reviewWindowDays: 14,
        ...(updateIntervalDays === undefined ? {} : { updateIntervalDays }),
      });
    apply(...scenario(), policyChange(2, 120));
    const c = () => dashboard(new Date('2027-01-18T00:00:00.001Z')).updateStatus;
    // c last submitted 2026-10-20: past 90 days, within 120.
    expect(c()).toMatchObject({ updateIntervalDays: 120 });
    expect(c().networks.find((network) => network.networkId === 'c')).toMatchObject({ flagged: false });
    apply(policyChange(3));
    expect(c()).toMatchObject({ updateIntervalDays: 120 });
  });

  it('counts priorities within a quarter, or over everything published for a period that is not a date', () => {
    apply(...scenario(), priorities('2026-Q4'));
    expect(dashboard().priorities).toMatchObject({
      counted: 'within-period',
      themes: [
        { theme: 'drainage', published: 1 }, // p1
        { theme: 'winter-service', published: 0 },
        { theme: 'structures', published: 0 },
      ],
      coverage: 1 / 3,
    });
    apply(priorities('the next cycle', '2027-01-02T00:00:00.000Z'));
    expect(dashboard().priorities).toMatchObject({
      period: 'the next cycle',
      counted: 'all-published',
      themes: [
        { theme: 'drainage', published: 2 }, // p1, p3
        { theme: 'winter-service', published: 1 }, // p3
        { theme: 'structures', published: 1 }, // p8
      ],
      covered: 3,
      coverage: 1,
    });
  });

  it('flags overdue items by the review window of the policy in force', () => {
    apply(
      ...scenario(),
      event('ApprovalPolicyChanged', '2027-01-29T00:00:00.000Z', {
        motionId: 'm-policy',
        version: 2,
        quorum: 2,
        reviewWindowDays: 21,
        lazyConsensusDays: 5,
      }),
    );
    const { policy, reviewQueue } = dashboard();
    expect(policy).toEqual({
      version: 2,
      quorum: 2,
      reviewWindowDays: 21,
      lazyConsensusDays: 5,
      updateIntervalDays: 90,
    });
    // p4 has waited 20 days: within 21.
    expect(reviewQueue).toMatchObject({ count: 3, overdue: 0, reviewWindowDays: 21 });
    // Exactly 21 days is not longer than 21; 21.5 is.
    expect(dashboard(new Date('2027-01-31T00:00:00.000Z')).reviewQueue.items[0]).toMatchObject({
      ageDays: 21,
      overdue: false,
    });
    expect(dashboard(new Date('2027-01-31T12:00:00.000Z')).reviewQueue.items[0]).toMatchObject({
      practiceId: 'p4',
      ageDays: 21.5,
      overdue: true,
    });
  });

  it("gives a seat holder only other networks' items it has not reviewed in their current round", () => {
    apply(...scenario());
    const ids = (networkId: string) =>
      reviewQueueFor(db, networkId, NOW).items.map((item) => item.practiceId);
    // b reviewed p4, and p5 is its own; p6's round 2 it has not reviewed yet.
    expect(ids('b')).toEqual(['p6']);
    expect(ids('a')).toEqual(['p5']);
    expect(ids('c')).toEqual(['p4', 'p5', 'p6']);
    expect(reviewQueueFor(db, 'b', NOW)).toEqual({
      reviewWindowDays: 14,
      items: [
        {
          practiceId: 'p6',
          networkId: 'a',
          title: 'Item p6 v2',
          round: 2,
          openedAt: '2027-01-25T00:00:00.000Z',
          ageDays: 5,
          overdue: false,
        },
      ],
    });
  });

  it("lists a network's own material in every state, the latest round first", () => {
    apply(...scenario());
    const material = (networkId: string) =>
      networkMaterial(db, networkId).map(({ practiceId, state, round, publishedAt }) => ({
        practiceId,
        state,
        round,
        published: publishedAt !== null,
      }));
    expect(material('a')).toEqual([
      { practiceId: 'p6', state: 'submitted', round: 2, published: false },
      { practiceId: 'p4', state: 'in_review', round: 1, published: false },
      { practiceId: 'p3', state: 'published', round: 1, published: true },
      { practiceId: 'p1', state: 'published', round: 1, published: true },
    ]);
    expect(material('c')).toEqual([{ practiceId: 'p7', state: 'withdrawn', round: 1, published: false }]);
    expect(networkMaterial(db, 'n')).toEqual([]);
  });
});

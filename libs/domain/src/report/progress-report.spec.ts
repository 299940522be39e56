import { buildProgressReport, type LoggedEvent } from './progress-report';

/** A register of three authorities: £1,000 a year in all. */
const FUNDING = {
  annualTotal: (code: string) => ({ york: 100, leeds: 300, hull: 600 })[code] ?? 0,
  registerTotal: 1000,
};
const at = (day: string) => `${day}T09:00:00.000Z`;
const event = (day: string, type: string, data: object): LoggedEvent => ({ type, data, occurredAt: at(day) });
const enrolled = (networkId: string, name: string) =>
  event('2026-09-01', 'NetworkEnrolled', { networkId, name });
const submitted = (day: string, practiceId: string, networkId: string, themes: string[]) =>
  event(day, 'PracticeSubmitted', { practiceId, networkId, openedAt: at(day), content: { themes } });

/**
 * Worked out by hand for 2026-Q4 (1 October 2026 to 1 January 2027): four networks, one suspended in December and
 * one that never submits; five items, one submitted in Q3 and revised in Q4, one after the quarter.
 */
const LOG: LoggedEvent[] = [
  enrolled('a', 'Alpha'),
  enrolled('b', 'Beta'),
  enrolled('c', 'Gamma'),
  enrolled('d', 'Delta'),
  event('2026-09-01', 'MemberAuthorityAdded', { networkId: 'a', authorityCode: 'york' }),
  event('2026-09-01', 'MemberAuthorityAdded', { networkId: 'b', authorityCode: 'leeds' }),
  event('2026-09-01', 'MemberAuthorityAdded', { networkId: 'b', authorityCode: 'york' }),
  event('2026-09-01', 'MemberAuthorityAdded', { networkId: 'c', authorityCode: 'hull' }),
  submitted('2026-09-10', 'p0', 'b', ['drainage']),
  event('2026-09-20', 'MotionCarried', { motionId: 'm0', kind: 'set-priorities' }),
  submitted('2026-10-05', 'p1', 'a', ['winter-service']),
  event('2026-10-06', 'ApprovalPolicyChanged', {
    version: 2,
    quorum: 2,
    reviewWindowDays: 14,
    updateIntervalDays: 60,
  }),
  event('2026-10-07', 'CollectionPrioritiesSet', {
    period: '2026-Q4',
    themes: ['winter-service', 'drainage'],
  }),
  event('2026-10-15', 'PracticeApproved', { practiceId: 'p1' }), // 10 days
  event('2026-10-16', 'PracticePublished', { practiceId: 'p1' }),
  event('2026-10-20', 'ChangesRequested', { practiceId: 'p0' }), // not a decision
  event('2026-10-25', 'PracticeRevised', {
    practiceId: 'p0',
    openedAt: at('2026-10-25'),
    content: { themes: ['drainage'] },
  }),
  event('2026-10-27', 'PracticeApproved', { practiceId: 'p0' }), // 2 days
  event('2026-10-28', 'PracticePublished', { practiceId: 'p0' }),
  submitted('2026-11-01', 'p2', 'a', ['drainage']),
  event('2026-11-21', 'PracticeApproved', { practiceId: 'p2' }), // 20 days, never published
  event('2026-12-01', 'MotionCarried', { motionId: 'm1', kind: 'suspend-network' }),
  event('2026-12-01', 'NetworkSuspended', { networkId: 'c' }),
  submitted('2026-12-20', 'p3', 'a', ['drainage']),
  event('2026-12-24', 'PracticeRejected', { practiceId: 'p3' }), // 4 days
  submitted('2027-01-02', 'p4', 'b', ['drainage']), // after the quarter
];

describe('the progress report, for a quarter worked out by hand', () => {
  const report = buildProgressReport(LOG, '2026-Q4', FUNDING);

  it('spans the calendar quarter', () => {
    expect(report).toMatchObject({
      quarter: '2026-Q4',
      from: '2026-10-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    });
  });

  it('counts submissions, revisions and publications per network within the quarter', () => {
    expect(report.networks).toEqual([
      { networkId: 'a', name: 'Alpha', status: 'active', submissions: 3, revisions: 0, publications: 1 },
      { networkId: 'b', name: 'Beta', status: 'active', submissions: 0, revisions: 1, publications: 1 },
      { networkId: 'c', name: 'Gamma', status: 'suspended', submissions: 0, revisions: 0, publications: 0 },
      { networkId: 'd', name: 'Delta', status: 'active', submissions: 0, revisions: 0, publications: 0 },
    ]);
    expect(report.totals).toEqual({ submissions: 3, revisions: 1, publications: 2 });
  });

  it('times the rounds decided within it from entering review: 2, 4, 10 and 20 days', () => {
    expect(report.reviewTimes).toEqual({
      decisions: 4,
      approved: 3,
      rejected: 1,
      medianDays: 7,
      p90Days: 20,
    });
  });

  it('measures the coverage of the priorities in force by material published within their period', () => {
    expect(report.priorities).toEqual({
      period: '2026-Q4',
      counted: 'within-period',
      themes: [
        { theme: 'winter-service', published: 1 },
        { theme: 'drainage', published: 1 },
      ],
      covered: 2,
      total: 2,
    });
  });

  it('counts the reach of the networks with published material: York once, Leeds; £400 of £1,000', () => {
    expect(report.reach).toEqual({
      contributingNetworks: ['a', 'b'],
      authorities: ['leeds', 'york'],
      annualFunding: { represented: 400, register: 1000 },
      fundingShare: 0.4,
    });
  });

  it("flags active networks past the policy's 60 days at the quarter's end: b (68 days), d (never)", () => {
    expect(report.regularUpdates).toEqual({
      updateIntervalDays: 60,
      flagged: ['b', 'd'],
      networks: [
        { networkId: 'a', lastSubmissionAt: at('2026-12-20'), flagged: false },
        { networkId: 'b', lastSubmissionAt: at('2026-10-25'), flagged: true },
        { networkId: 'c', lastSubmissionAt: null, flagged: false },
        { networkId: 'd', lastSubmissionAt: null, flagged: true },
      ],
    });
  });

  it('lists the motions carried within it', () => {
    expect(report.motionsCarried).toEqual([
      { motionId: 'm1', kind: 'suspend-network', carriedAt: at('2026-12-01') },
    ]);
  });

  it('has no review times, priorities or reach before anything happened', () => {
    expect(buildProgressReport(LOG, '2026-Q2', FUNDING)).toMatchObject({
      networks: [],
      reviewTimes: { decisions: 0, medianDays: null, p90Days: null },
      priorities: null,
      reach: { contributingNetworks: [], fundingShare: 0 },
    });
  });
});

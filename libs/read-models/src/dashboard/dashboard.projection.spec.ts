import Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/event-store';
import { dashboardEvents } from './testing/dashboard-events';
import { dashboardProjection, quarterOf } from './dashboard.projection';

const { event, submitted, revised, reviewed, approved, published } = dashboardEvents();

describe('dashboard projection', () => {
  let db: Database.Database;
  const apply = (...events: RecordedEvent[]) => events.forEach((e) => dashboardProjection.apply(db, e));
  const all = (sql: string) => db.prepare(sql).all();
  const practice = (practiceId: string) =>
    db.prepare('SELECT * FROM dashboard_practices WHERE practice_id = ?').get(practiceId);

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(dashboardProjection.schema);
    apply(
      event('NetworkEnrolled', '2026-10-01T09:00:00.000Z', {
        networkId: 'a',
        name: 'Alpha',
        scope: 'regional',
        facilitator: false,
      }),
    );
  });
  afterEach(() => db.close());

  it('names quarters by the UTC calendar', () => {
    expect(quarterOf('2026-12-31T23:59:59.999Z')).toBe('2026-Q4');
    expect(quarterOf('2027-01-01T00:00:00.000Z')).toBe('2027-Q1');
    expect(quarterOf('2027-06-30T12:00:00.000Z')).toBe('2027-Q2');
  });

  it('follows a network: enrolment time, seat, authorities named, status, last submission', () => {
    const network = () => db.prepare(`SELECT * FROM dashboard_networks WHERE network_id = 'a'`).get();
    expect(network()).toEqual({
      network_id: 'a',
      name: 'Alpha',
      enrolled_at: '2026-10-01T09:00:00.000Z',
      status: 'active',
      seat_filled: 0,
      authorities: '[]',
      last_submission_at: null,
    });
    apply(
      event('RepresentativeNominated', '2026-10-02T00:00:00.000Z', { networkId: 'a', personId: 'ann' }),
      event('MemberAuthorityAdded', '2026-10-02T00:00:00.000Z', { networkId: 'a', authorityCode: 'devon' }),
      event('MemberAuthorityAdded', '2026-10-02T00:00:00.000Z', { networkId: 'a', authorityCode: 'kent' }),
      event('NetworkSuspended', '2026-10-03T00:00:00.000Z', { networkId: 'a', motionId: 'm' }),
      submitted('p1', 'a', '2026-10-04T00:00:00.000Z'),
      revised('p1', 2, '2026-10-05T00:00:00.000Z', ['drainage']),
    );
    expect(network()).toMatchObject({
      seat_filled: 1,
      authorities: '["devon","kent"]',
      status: 'suspended',
      // A new version counts as an update, as a new item does.
      last_submission_at: '2026-10-05T00:00:00.000Z',
    });
    apply(
      event('NetworkReinstated', '2026-10-06T00:00:00.000Z', { networkId: 'a', motionId: 'm2' }),
      event('SeatVacated', '2026-10-06T00:00:00.000Z', {
        networkId: 'a',
        personId: 'ann',
        reason: 'member-removed',
      }),
    );
    expect(network()).toMatchObject({ seat_filled: 0, status: 'active' });
    apply(event('NetworkLeft', '2026-10-07T00:00:00.000Z', { networkId: 'a', reason: 'merged' }));
    expect(network()).toMatchObject({ status: 'left' });
  });

  it('follows an item through its rounds: state, round opening, reviews per round, decisions, publication', () => {
    apply(submitted('p1', 'a', '2026-10-01T10:00:00.000Z', ['drainage']));
    expect(practice('p1')).toEqual({
      practice_id: 'p1',
      network_id: 'a',
      title: 'Item p1',
      state: 'submitted',
      round: 1,
      round_opened_at: '2026-10-01T10:00:00.000Z',
      submitted_at: '2026-10-01T10:00:00.000Z',
      themes: '["drainage"]',
      published_at: null,
      published_themes: null,
    });
    apply(reviewed('p1', 1, 'b', { at: '2026-10-03T00:00:00.000Z' }));
    expect(practice('p1')).toMatchObject({ state: 'in_review' });
    apply(
      reviewed('p1', 1, 'c', { at: '2026-10-04T00:00:00.000Z' }),
      approved('p1', '2026-10-04T00:00:00.000Z', { round: 1 }),
    );
    expect(practice('p1')).toMatchObject({ state: 'approved' });
    apply(published('p1', '2026-10-05T00:00:00.000Z'));
    expect(practice('p1')).toMatchObject({
      state: 'published',
      published_at: '2026-10-05T00:00:00.000Z',
      published_themes: '["drainage"]',
    });

    // A new version goes through review while the published one stays public, with its own themes.
    apply(revised('p1', 2, '2027-01-10T00:00:00.000Z', ['drainage', 'winter-service']));
    expect(practice('p1')).toMatchObject({
      title: 'Item p1 v2',
      state: 'submitted',
      round: 2,
      round_opened_at: '2027-01-10T00:00:00.000Z',
      submitted_at: '2026-10-01T10:00:00.000Z',
      themes: '["drainage","winter-service"]',
      published_at: '2026-10-05T00:00:00.000Z',
      published_themes: '["drainage"]',
    });
    apply(
      reviewed('p1', 2, 'b', { at: '2027-01-11T00:00:00.000Z' }),
      approved('p1', '2027-01-20T00:00:00.000Z', { round: 2, approvedBy: 'lazy-consensus' }),
      published('p1', '2027-01-21T00:00:00.000Z'),
    );
    expect(practice('p1')).toMatchObject({
      published_at: '2027-01-21T00:00:00.000Z',
      published_themes: '["drainage","winter-service"]',
    });
    expect(all('SELECT * FROM dashboard_reviews ORDER BY round, network_id')).toEqual([
      { practice_id: 'p1', round: 1, network_id: 'b' },
      { practice_id: 'p1', round: 1, network_id: 'c' },
      { practice_id: 'p1', round: 2, network_id: 'b' },
    ]);
    // Each decision is timed from its own round's opening.
    expect(all('SELECT * FROM dashboard_decisions ORDER BY round')).toEqual([
      {
        practice_id: 'p1',
        round: 1,
        outcome: 'approved',
        approved_by: 'quorum',
        opened_at: '2026-10-01T10:00:00.000Z',
        decided_at: '2026-10-04T00:00:00.000Z',
      },
      {
        practice_id: 'p1',
        round: 2,
        outcome: 'approved',
        approved_by: 'lazy-consensus',
        opened_at: '2027-01-10T00:00:00.000Z',
        decided_at: '2027-01-20T00:00:00.000Z',
      },
    ]);
  });

  it('records rejections, changes requested, and drops withdrawn or retired material from the published', () => {
    apply(
      submitted('p1', 'a', '2026-10-01T00:00:00.000Z'),
      submitted('p2', 'a', '2026-10-01T00:00:00.000Z'),
      submitted('p3', 'a', '2026-10-01T00:00:00.000Z'),
      event('ChangesRequested', '2026-10-02T00:00:00.000Z', { practiceId: 'p1', round: 1 }),
      event('PracticeRejected', '2026-10-03T00:00:00.000Z', {
        practiceId: 'p2',
        version: 1,
        round: 1,
        rejections: ['b', 'c'],
        policyVersion: 1,
        quorum: 2,
      }),
      approved('p3', '2026-10-03T00:00:00.000Z', { round: 1 }),
      published('p3', '2026-10-04T00:00:00.000Z'),
    );
    expect(practice('p1')).toMatchObject({ state: 'changes_requested' });
    expect(practice('p2')).toMatchObject({ state: 'rejected' });
    expect(
      all(`SELECT practice_id, outcome, approved_by FROM dashboard_decisions WHERE practice_id = 'p2'`),
    ).toEqual([{ practice_id: 'p2', outcome: 'rejected', approved_by: null }]);
    apply(
      event('PracticeRetired', '2026-10-05T00:00:00.000Z', { practiceId: 'p3', reason: 'r', motionId: 'm' }),
    );
    expect(practice('p3')).toMatchObject({ state: 'retired', published_at: null, published_themes: null });
    apply(
      event('PracticeWithdrawn', '2026-10-05T00:00:00.000Z', {
        practiceId: 'p1',
        reason: 'r',
        withdrawnBy: 'p',
      }),
    );
    expect(practice('p1')).toMatchObject({ state: 'withdrawn' });
  });

  it('counts submissions, revisions and publications per network per quarter of occurredAt', () => {
    apply(
      event('NetworkEnrolled', '2026-10-01T09:00:00.000Z', {
        networkId: 'b',
        name: 'B',
        scope: 'national',
        facilitator: false,
      }),
      submitted('p1', 'a', '2026-12-31T23:00:00.000Z'),
      submitted('p2', 'a', '2026-11-01T00:00:00.000Z'),
      submitted('p3', 'b', '2027-01-01T00:00:00.000Z'),
      approved('p1', '2027-01-02T00:00:00.000Z', { round: 1 }),
      published('p1', '2027-01-03T00:00:00.000Z'),
      revised('p2', 2, '2027-02-01T00:00:00.000Z', ['drainage']),
    );
    expect(all('SELECT * FROM dashboard_activity ORDER BY quarter, network_id')).toEqual([
      { network_id: 'a', quarter: '2026-Q4', submissions: 2, revisions: 0, publications: 0 },
      { network_id: 'a', quarter: '2027-Q1', submissions: 0, revisions: 1, publications: 1 },
      { network_id: 'b', quarter: '2027-Q1', submissions: 1, revisions: 0, publications: 0 },
    ]);
  });

  it('keeps the policy in force, the current priorities and the motions still open', () => {
    const AUDITOR = { kind: 'appoint-auditor', payload: { personId: 'x' } };
    const proposed = (motionId: string, at: string, closesAt: string) =>
      event('MotionProposed', at, {
        motionId,
        ...AUDITOR,
        closesAt,
        proposedBy: { personId: 'ann', networkId: 'a' },
      });
    apply(
      event('ApprovalPolicyChanged', '2026-10-02T00:00:00.000Z', {
        motionId: 'm1',
        version: 2,
        quorum: 3,
        reviewWindowDays: 21,
      }),
      event('CollectionPrioritiesSet', '2026-10-03T00:00:00.000Z', {
        motionId: 'm2',
        period: '2026',
        themes: ['drainage'],
      }),
      event('CollectionPrioritiesSet', '2026-10-04T00:00:00.000Z', {
        motionId: 'm3',
        period: '2027-Q1',
        themes: ['winter-service', 'structures'],
      }),
      proposed('m4', '2026-10-05T00:00:00.000Z', '2026-10-20T00:00:00.000Z'),
      proposed('m5', '2026-10-05T00:00:00.000Z', '2026-10-10T00:00:00.000Z'),
      event('MotionLapsed', '2026-10-10T00:00:00.000Z', { motionId: 'm5', votesFor: [], filledSeats: 1 }),
      proposed('m6', '2026-10-11T00:00:00.000Z', '2026-10-25T00:00:00.000Z'),
      event('MotionCarried', '2026-10-12T00:00:00.000Z', {
        motionId: 'm6',
        votesFor: ['a'],
        filledSeats: 1,
        ...AUDITOR,
      }),
    );
    expect(all('SELECT * FROM dashboard_policy')).toEqual([
      {
        id: 1,
        version: 2,
        quorum: 3,
        review_window_days: 21,
        lazy_consensus_days: null,
        update_interval_days: 90,
      },
    ]);
    expect(all('SELECT * FROM dashboard_priorities')).toEqual([
      {
        id: 1,
        period: '2027-Q1',
        themes: '["winter-service","structures"]',
        set_at: '2026-10-04T00:00:00.000Z',
      },
    ]);
    expect(all('SELECT * FROM dashboard_open_motions')).toEqual([
      { motion_id: 'm4', kind: 'appoint-auditor', closes_at: '2026-10-20T00:00:00.000Z' },
    ]);
  });
});

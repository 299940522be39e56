import Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/event-store';
import { eventRecorder } from '../testing/event-recorder';
import { motionsDueToClose, scheduleProjection, unopposedRoundsOpenedBy } from './schedule.projection';

const event = eventRecorder();
const review = (practiceId: string, round: number, verdict: string) =>
  event('ReviewRecorded', {
    practiceId,
    round,
    verdict,
    networkId: `n-${verdict}`,
    comment: '',
    personId: 'p',
  });

describe('schedule projection', () => {
  let db: Database.Database;
  const apply = (...events: RecordedEvent[]) => events.forEach((e) => scheduleProjection.apply(db, e));

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(scheduleProjection.schema);
  });
  afterEach(() => db.close());

  it('lists open motions once their closing time has come, and forgets them once carried or lapsed', () => {
    apply(
      event('MotionProposed', { motionId: 'm1', closesAt: '2026-11-10T00:00:00.000Z' }),
      event('MotionProposed', { motionId: 'm2', closesAt: '2026-11-05T00:00:00.000Z' }),
      event('MotionProposed', { motionId: 'm3', closesAt: '2026-12-01T00:00:00.000Z' }),
    );
    expect(motionsDueToClose(db, new Date('2026-11-04T23:59:59Z'))).toEqual([]);
    expect(motionsDueToClose(db, new Date('2026-11-20T00:00:00Z'))).toEqual(['m2', 'm1']);
    apply(event('MotionCarried', { motionId: 'm2' }), event('MotionLapsed', { motionId: 'm1' }));
    expect(motionsDueToClose(db, new Date('2027-01-01T00:00:00Z'))).toEqual(['m3']);
  });

  it('lists rounds with an approval and no objection, by when they opened', () => {
    const opened = '2026-11-01T00:00:00.000Z';
    apply(
      event('PracticeSubmitted', { practiceId: 'unreviewed', round: 1, openedAt: opened }),
      event('PracticeSubmitted', { practiceId: 'approved-once', round: 1, openedAt: opened }),
      event('PracticeSubmitted', { practiceId: 'objected', round: 1, openedAt: opened }),
      review('approved-once', 1, 'approve'),
      review('objected', 1, 'approve'),
      review('objected', 1, 'reject'),
    );
    expect(unopposedRoundsOpenedBy(db, new Date(opened))).toEqual([
      { practiceId: 'approved-once', round: 1 },
    ]);
    expect(unopposedRoundsOpenedBy(db, new Date('2026-10-31T00:00:00Z'))).toEqual([]);
  });

  it('starts afresh with each revision: earlier approvals no longer count', () => {
    apply(
      event('PracticeSubmitted', { practiceId: 'p', round: 1, openedAt: '2026-11-01T00:00:00.000Z' }),
      review('p', 1, 'approve'),
      event('PracticeRevised', { practiceId: 'p', round: 2, openedAt: '2026-11-08T00:00:00.000Z' }),
      review('p', 1, 'approve'),
    );
    expect(unopposedRoundsOpenedBy(db, new Date('2026-12-01T00:00:00Z'))).toEqual([]);
    apply(review('p', 2, 'approve'));
    expect(unopposedRoundsOpenedBy(db, new Date('2026-12-01T00:00:00Z'))).toEqual([
      { practiceId: 'p', round: 2 },
    ]);
  });

  it.each([
    'ChangesRequested',
    'PracticeApproved',
    'PracticeRejected',
    'PracticeWithdrawn',
    'PracticeRetired',
  ])('drops the round on %s', (type) => {
    apply(
      event('PracticeSubmitted', { practiceId: 'p', round: 1, openedAt: '2026-11-01T00:00:00.000Z' }),
      review('p', 1, 'approve'),
      event(type, { practiceId: 'p', round: 1 }),
    );
    expect(unopposedRoundsOpenedBy(db, new Date('2026-12-01T00:00:00Z'))).toEqual([]);
  });
});

import Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/event-store';
import { eventRecorder } from '../testing/event-recorder';
import { listMotions, motionsProjection } from './motions.projection';

let record = eventRecorder();
let day = 0;
/** Each event a day after the last. */
const event = (type: string, data: Record<string, unknown>) =>
  record(type, data, `2026-11-${10 + ++day}T10:00:00.000Z`);
const proposed = (motionId: string) =>
  event('MotionProposed', {
    motionId,
    kind: 'set-priorities',
    payload: { period: '2027', themes: ['drainage'] },
    closesAt: '2027-01-01T00:00:00.000Z',
    proposedBy: { personId: 'ann', networkId: 'a' },
  });
const vote = (motionId: string, networkId: string, choice: string) =>
  event('VoteCast', { motionId, networkId, personId: `${networkId}-rep`, vote: choice });

describe('motions projection', () => {
  let db: Database.Database;
  const apply = (...events: RecordedEvent[]) => events.forEach((e) => motionsProjection.apply(db, e));
  const list = (query: { status?: 'open' | 'carried' | 'lapsed'; page?: number; pageSize?: number } = {}) =>
    listMotions(db, { page: 1, pageSize: 20, ...query });

  beforeEach(() => {
    record = eventRecorder();
    day = 0;
    db = new Database(':memory:');
    db.exec(motionsProjection.schema);
  });
  afterEach(() => db.close());

  it('lists a motion with its decision, proposer and votes counted, one per seat', () => {
    apply(proposed('m1'), vote('m1', 'a', 'for'), vote('m1', 'b', 'against'), vote('m1', 'b', 'abstain'));
    expect(list()).toEqual({
      items: [
        {
          motionId: 'm1',
          kind: 'set-priorities',
          payload: { period: '2027', themes: ['drainage'] },
          proposedBy: 'a',
          proposedAt: '2026-11-11T10:00:00.000Z',
          closesAt: '2027-01-01T00:00:00.000Z',
          status: 'open',
          votes: { for: 1, against: 0, abstain: 1 },
        },
      ],
      total: 1,
      page: 1,
      pageSize: 20,
    });
  });

  it('records the outcome of carried and lapsed motions, and filters by status', () => {
    apply(
      proposed('m1'),
      proposed('m2'),
      proposed('m3'),
      vote('m1', 'a', 'for'),
      vote('m1', 'b', 'for'),
      event('MotionCarried', {
        motionId: 'm1',
        votesFor: ['a', 'b'],
        filledSeats: 3,
        kind: 'set-priorities',
        payload: { period: '2027', themes: ['drainage'] },
      }),
      event('MotionLapsed', { motionId: 'm2', votesFor: [], filledSeats: 3 }),
    );
    expect(list({ status: 'carried' }).items).toEqual([
      expect.objectContaining({
        motionId: 'm1',
        status: 'carried',
        votes: { for: 2, against: 0, abstain: 0 },
        outcome: { decidedAt: '2026-11-16T10:00:00.000Z', votesFor: ['a', 'b'], filledSeats: 3 },
      }),
    ]);
    expect(list({ status: 'lapsed' }).items.map((motion) => [motion.motionId, motion.outcome])).toEqual([
      ['m2', { decidedAt: '2026-11-17T10:00:00.000Z', votesFor: [], filledSeats: 3 }],
    ]);
    expect(list({ status: 'open' })).toMatchObject({ items: [{ motionId: 'm3' }], total: 1 });
  });

  it('pages newest first, with the total of all pages', () => {
    for (let n = 1; n <= 5; n++) apply(proposed(`m${n}`));
    const pageOf = (page: number) => list({ page, pageSize: 2 });
    expect(pageOf(1)).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect([1, 2, 3, 4].map((page) => pageOf(page).items.map((motion) => motion.motionId))).toEqual([
      ['m5', 'm4'],
      ['m3', 'm2'],
      ['m1'],
      [],
    ]);
  });
});

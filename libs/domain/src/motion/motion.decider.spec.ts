import { NotAllowed, NotFound, RuleBroken, WrongState } from '../shared/errors';
import { scenario } from '../testing/given-when-then';
import { anActor } from '../testing/actors';
import { actorIn, filledSeats } from '../network/network.decider';
import * as net from '../network/testing/network-events';
import type { MotionCommand, MotionContext } from './motion.commands';
import type { MotionEvent } from './motion.events';
import { motionDecider } from './motion.decider';

const NOW = new Date('2026-11-23T10:00:00Z');
const CLOSES = '2026-12-01T00:00:00.000Z';
const seat = (
  networkId: string,
  overrides: Partial<MotionContext> = {},
  networkActive = true,
): MotionContext => ({
  now: NOW,
  actor: anActor({ personId: `${networkId}-rep`, networkId, seat: true, networkActive }),
  filledSeats: ['a', 'b', 'c', 'd', 'e'],
  ...overrides,
});
const proposed: MotionEvent = {
  type: 'MotionProposed',
  data: {
    motionId: 'm1',
    closesAt: CLOSES,
    kind: 'set-priorities',
    payload: { period: '2027', themes: ['drainage'] },
    proposedBy: { personId: 'a-rep', networkId: 'a' },
  },
};
const vote = (networkId: string, v: 'for' | 'against' | 'abstain'): MotionEvent => ({
  type: 'VoteCast',
  data: { motionId: 'm1', networkId, personId: `${networkId}-rep`, vote: v },
});
const motion = scenario(motionDecider);
const castVote = (v: 'for' | 'against' | 'abstain') =>
  ({ type: 'CastVote', motionId: 'm1', vote: v }) as const;

describe('motion decider', () => {
  describe('ProposeMotion', () => {
    const propose: Extract<MotionCommand, { type: 'ProposeMotion' }> = {
      type: 'ProposeMotion',
      motionId: 'm1',
      closesAt: CLOSES,
      kind: 'set-priorities',
      payload: { period: '2027', themes: ['drainage'] },
    };

    it('a seat holder proposes a motion', () => {
      motion.given([]).when(propose, seat('a')).then([proposed]);
    });

    describe('appointing an auditor', () => {
      const appoint = (
        payload: { personId: string; outside?: true },
        personal?: { name: string; email: string },
      ) => ({ ...propose, kind: 'appoint-auditor', payload, personal }) as const;
      const outsider = { name: 'Ada Auditor', email: 'ada@audit.example' };

      it('names someone outside the networks by name and address, kept as their personal data', () => {
        motion
          .given([])
          .when(appoint({ personId: 'p9', outside: true }, outsider), seat('a'))
          .then([
            {
              type: 'MotionProposed',
              data: {
                kind: 'appoint-auditor',
                payload: { personId: 'p9', outside: true },
                appointeeId: 'p9',
                personal: outsider,
              },
            },
          ]);
      });

      it('names a member by personId alone, with no personal data', () => {
        const [event] = motion
          .given([])
          .when(appoint({ personId: 'p1' }), seat('a'))
          .then([{ type: 'MotionProposed' }]);
        expect(event.data).not.toHaveProperty('personal');
      });

      it('refuses an outsider without details, and details for a member', () => {
        motion
          .given([])
          .when(appoint({ personId: 'p9', outside: true }), seat('a'))
          .thenBreaks('appointee');
        motion
          .given([])
          .when(appoint({ personId: 'p1' }, outsider), seat('a'))
          .thenBreaks('appointee');
      });
    });

    it('refuses members without a seat, and suspended networks', () => {
      const noSeat = seat('a');
      noSeat.actor!.seat = false;
      motion.given([]).when(propose, noSeat).thenRefuses(NotAllowed, /seat/);
      motion
        .given([])
        .when(propose, seat('a', {}, false))
        .thenRefuses(NotAllowed, /suspended/);
    });

    it('must close in the future, with a sensible decision', () => {
      motion
        .given([])
        .when({ ...propose, closesAt: '2026-11-01T00:00:00.000Z' }, seat('a'))
        .thenRefuses(RuleBroken, /future/);
      motion
        .given([])
        .when(
          {
            type: 'ProposeMotion',
            motionId: 'm1',
            closesAt: CLOSES,
            kind: 'change-approval-policy',
            payload: { quorum: 0, reviewWindowDays: 14 },
          },
          seat('a'),
        )
        .thenRefuses(RuleBroken, /Quorum/);
    });

    it('a witness quorum is a whole number of witnesses from 0 to 100', () => {
      const witnessQuorum = (witnesses: number) =>
        ({
          type: 'ProposeMotion',
          motionId: 'm1',
          closesAt: CLOSES,
          kind: 'set-witness-quorum',
          payload: { witnesses },
        }) as const;
      for (const witnesses of [0, 1, 100])
        motion
          .given([])
          .when(witnessQuorum(witnesses), seat('a'))
          .then([{ type: 'MotionProposed' }]);
      for (const witnesses of [-1, 1.5, 101])
        motion
          .given([])
          .when(witnessQuorum(witnesses), seat('a'))
          .thenRefuses(RuleBroken, /Witnesses must be a whole number/);
    });
  });

  describe('CastVote', () => {
    it('is carried when votes for exceed half of the filled seats, carrying its decision', () => {
      motion
        .given([proposed, vote('a', 'for'), vote('b', 'for')])
        .when(castVote('for'), seat('c'))
        .then([
          vote('c', 'for'),
          {
            type: 'MotionCarried',
            data: {
              votesFor: ['a', 'b', 'c'],
              filledSeats: 5,
              kind: 'set-priorities',
              payload: { period: '2027', themes: ['drainage'] },
            },
          },
        ]);
    });

    it('half is not a majority', () => {
      motion
        .given([proposed, vote('a', 'for')])
        .when(castVote('for'), seat('b', { filledSeats: ['a', 'b', 'c', 'd'] }))
        .then([vote('b', 'for')]);
    });

    it('one vote per seat: a changed vote replaces the earlier one', () => {
      // A votes for twice; it still counts once, so two seats of five do not carry it.
      motion
        .given([proposed, vote('a', 'for'), vote('b', 'for'), vote('a', 'against')])
        .when(castVote('for'), seat('a'))
        .then([vote('a', 'for')]);
    });

    it("a changed vote replaces the earlier one: later votes do not carry the motion on a seat's old vote", () => {
      // B voted for, then against: with A and C for, that is two of five, not three.
      motion
        .given([proposed, vote('b', 'for'), vote('b', 'against'), vote('a', 'for')])
        .when(castVote('for'), seat('c'))
        .then([vote('c', 'for')]);
    });

    it('the same vote again writes nothing, unless the seats have changed so that it now carries', () => {
      motion
        .given([proposed, vote('a', 'for'), vote('b', 'for')])
        .when(castVote('for'), seat('a'))
        .then([]);
      // Two of five did not carry it; with only three seats filled, the same vote does.
      motion
        .given([proposed, vote('a', 'for'), vote('b', 'for')])
        .when(castVote('for'), seat('a', { filledSeats: ['a', 'b', 'c'] }))
        .then([{ type: 'MotionCarried', data: { votesFor: ['a', 'b'], filledSeats: 3 } }]);
    });

    it('counts only the seats filled now', () => {
      motion
        .given([proposed, vote('a', 'for'), vote('b', 'for')])
        .when(castVote('for'), seat('c', { filledSeats: ['c', 'd', 'e'] }))
        .then([vote('c', 'for')]);
    });

    it('refuses votes after closing, on carried motions, from non-seat holders', () => {
      motion
        .given([proposed])
        .when(castVote('for'), seat('b', { now: new Date(CLOSES) }))
        .thenRefuses(WrongState, /closed/);
      const carried: MotionEvent = {
        type: 'MotionCarried',
        data: {
          motionId: 'm1',
          votesFor: ['a', 'b', 'c'],
          filledSeats: 5,
          kind: 'set-priorities',
          payload: { period: '2027', themes: ['drainage'] },
        },
      };
      motion
        .given([proposed, carried])
        .when(castVote('against'), seat('d'))
        .thenRefuses(WrongState, /carried/);
      const noSeat = seat('b');
      noSeat.actor!.seat = false;
      motion.given([proposed]).when(castVote('for'), noSeat).thenRefuses(NotAllowed);
      motion.given([]).when(castVote('for'), seat('b')).thenRefuses(NotFound);
    });
  });

  describe('CloseMotion', () => {
    const close = { type: 'CloseMotion', motionId: 'm1' } as const;
    const at = (iso: string): MotionContext => ({
      now: new Date(iso),
      filledSeats: ['a', 'b', 'c', 'd', 'e'],
    });

    it('lapses a motion still open at closesAt', () => {
      motion
        .given([proposed, vote('a', 'for')])
        .when(close, at(CLOSES))
        .then([{ type: 'MotionLapsed', data: { votesFor: ['a'], filledSeats: 5 } }]);
    });

    it('carries a motion whose votes for exceed half of the seats filled at closing', () => {
      // Two of five did not carry it; a seat vacated since leaves two of three.
      motion
        .given([proposed, vote('a', 'for'), vote('b', 'for'), vote('c', 'against')])
        .when(close, { ...at(CLOSES), filledSeats: ['a', 'b', 'd'] })
        .then([
          {
            type: 'MotionCarried',
            data: { motionId: 'm1', votesFor: ['a', 'b'], filledSeats: 3, kind: 'set-priorities' },
          },
        ]);
    });

    it('lapses when votes for are half of the seats filled at closing, or fewer', () => {
      motion
        .given([proposed, vote('a', 'for'), vote('b', 'for')])
        .when(close, { ...at(CLOSES), filledSeats: ['a', 'b', 'c', 'd'] })
        .then([{ type: 'MotionLapsed', data: { votesFor: ['a', 'b'], filledSeats: 4 } }]);
    });

    it("counts each seat's latest vote", () => {
      motion
        .given([proposed, vote('a', 'for'), vote('b', 'for'), vote('b', 'against')])
        .when(close, { ...at(CLOSES), filledSeats: ['a', 'b', 'c'] })
        .then([{ type: 'MotionLapsed', data: { votesFor: ['a'], filledSeats: 3 } }]);
      motion
        .given([proposed, vote('a', 'for'), vote('b', 'against'), vote('b', 'for')])
        .when(close, { ...at(CLOSES), filledSeats: ['a', 'b', 'c'] })
        .then([{ type: 'MotionCarried', data: { votesFor: ['a', 'b'], filledSeats: 3 } }]);
    });

    it('not before, and not once decided', () => {
      motion
        .given([proposed])
        .when(close, at('2026-11-30T00:00:00.000Z'))
        .thenRefuses(WrongState, /still open/);
      motion
        .given([proposed, { type: 'MotionLapsed', data: { motionId: 'm1', votesFor: [], filledSeats: 5 } }])
        .when(close, at(CLOSES))
        .thenRefuses(WrongState);
    });
  });

  describe('with the actor and seats folded from the network streams', () => {
    it("does not count a suspended network's seat towards the majority", () => {
      // Four seats, D's network suspended: A and B for are two of the three filled seats.
      const networks = [
        ...['a', 'b', 'c'].map((id) => net.networkState(...net.seated(id))),
        net.networkState(...net.seated('d'), net.suspended('d')),
      ];
      const context: MotionContext = {
        now: NOW,
        actor: actorIn(networks[1], 'b-rep', net.PRINCIPLES),
        filledSeats: filledSeats(networks),
      };
      motion
        .given([proposed, vote('a', 'for')])
        .when(castVote('for'), context)
        .then([vote('b', 'for'), { type: 'MotionCarried', data: { votesFor: ['a', 'b'], filledSeats: 3 } }]);
    });
  });
});

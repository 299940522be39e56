import { NotAllowed, NotFound, RuleBroken, WrongState } from '../shared/errors';
import type { Decider } from '../shared/decider';
import type { MotionCommand, MotionContext, MotionDecision, Vote } from './motion.commands';
import type { MotionEvent } from './motion.events';

export interface MotionState {
  status: 'none' | 'open' | 'carried' | 'lapsed';
  motionId?: string;
  decision?: MotionDecision;
  closesAt?: string;
  /** One vote per seat, by network; a later vote replaces an earlier one. */
  votes: Record<string, Vote>;
}

const initialState: MotionState = { status: 'none', votes: {} };

function seatHolder(context: MotionContext) {
  const actor = context.actor;
  if (!actor?.seat) throw new NotAllowed('Only Steering Group seat holders can do this');
  if (!actor.networkActive) throw new NotAllowed('A suspended or departed network cannot act');
  return actor;
}

function open(
  state: MotionState,
  context: MotionContext,
): Required<Pick<MotionState, 'motionId' | 'decision' | 'closesAt'>> & MotionState {
  if (state.status === 'none') throw new NotFound('No such motion');
  if (state.status !== 'open') throw new WrongState(`This motion has ${state.status}`);
  if (context.now.getTime() >= Date.parse(state.closesAt!)) throw new WrongState('This motion has closed');
  return state as ReturnType<typeof open>;
}

/** The seats that voted for, among those filled now: a seat vacated since no longer counts. */
function votesFor(votes: Record<string, Vote>, filledSeats: string[]): string[] {
  return filledSeats.filter((networkId) => votes[networkId] === 'for').sort();
}

/** Carried when votes for exceed half of the filled seats. */
export function isCarried(votes: Record<string, Vote>, filledSeats: string[]): boolean {
  return votesFor(votes, filledSeats).length * 2 > filledSeats.length;
}

function validDecision(decision: MotionDecision, personal: unknown): void {
  const outside = decision.kind === 'appoint-auditor' && decision.payload.outside === true;
  if (outside !== (personal !== undefined))
    throw new RuleBroken(
      'appointee',
      'An auditor from outside the networks is named with a name and e-mail address, a member by personId only',
    );
  if (decision.kind === 'change-approval-policy') {
    const { quorum, reviewWindowDays, lazyConsensusDays, updateIntervalDays } = decision.payload;
    const positive = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 1);
    if (![quorum, reviewWindowDays, lazyConsensusDays, updateIntervalDays].every(positive)) {
      throw new RuleBroken('approval-policy', 'Quorum and day counts must be whole numbers of at least 1');
    }
  }
  if (decision.kind === 'set-priorities' && decision.payload.themes.length === 0) {
    throw new RuleBroken('priorities', 'Set at least one priority theme');
  }
  if (decision.kind === 'set-witness-quorum') {
    const { witnesses } = decision.payload;
    if (!Number.isInteger(witnesses) || witnesses < 0 || witnesses > 100)
      throw new RuleBroken('witness-quorum', 'Witnesses must be a whole number from 0 to 100');
  }
}

function decide(command: MotionCommand, state: MotionState, context: MotionContext): MotionEvent[] {
  switch (command.type) {
    case 'ProposeMotion': {
      const actor = seatHolder(context);
      if (state.status !== 'none') throw new WrongState('This motion already exists');
      if (Date.parse(command.closesAt) <= context.now.getTime())
        throw new RuleBroken('closes-later', 'A motion must close in the future');
      const { type: _type, personal, ...proposal } = command;
      validDecision(proposal, personal);
      const proposedBy = { personId: actor.personId, networkId: actor.networkId };
      const appointee = personal && {
        appointeeId: (proposal.payload as { personId: string }).personId,
        personal,
      };
      return [{ type: 'MotionProposed', data: { ...proposal, proposedBy, ...appointee } }];
    }

    case 'CastVote': {
      const actor = seatHolder(context);
      const motion = open(state, context);
      const votes = { ...motion.votes, [actor.networkId]: command.vote };
      // The same vote again changes nothing, so it records nothing (unless the seats have changed so that it carries).
      const unchanged = motion.votes[actor.networkId] === command.vote;
      const events: MotionEvent[] = unchanged
        ? []
        : [
            {
              type: 'VoteCast',
              data: {
                motionId: motion.motionId,
                networkId: actor.networkId,
                personId: actor.personId,
                vote: command.vote,
              },
            },
          ];
      if (isCarried(votes, context.filledSeats)) {
        events.push({
          type: 'MotionCarried',
          data: {
            motionId: motion.motionId,
            votesFor: votesFor(votes, context.filledSeats),
            filledSeats: context.filledSeats.length,
            ...motion.decision,
          },
        });
      }
      return events;
    }

    case 'CloseMotion': {
      // Scheduled at closesAt: counted over the seats filled then, so a seat vacated since the last vote counts.
      if (state.status === 'none') throw new NotFound('No such motion');
      if (state.status !== 'open') throw new WrongState(`This motion has ${state.status}`);
      if (context.now.getTime() < Date.parse(state.closesAt!))
        throw new WrongState('This motion is still open');
      if (isCarried(state.votes, context.filledSeats)) {
        return [
          {
            type: 'MotionCarried',
            data: {
              motionId: state.motionId!,
              votesFor: votesFor(state.votes, context.filledSeats),
              filledSeats: context.filledSeats.length,
              ...state.decision!,
            },
          },
        ];
      }
      return [
        {
          type: 'MotionLapsed',
          data: {
            motionId: state.motionId!,
            votesFor: votesFor(state.votes, context.filledSeats),
            filledSeats: context.filledSeats.length,
          },
        },
      ];
    }
  }
}

function evolve(state: MotionState, event: MotionEvent): MotionState {
  switch (event.type) {
    case 'MotionProposed': {
      const { motionId, closesAt, kind, payload } = event.data;
      return { status: 'open', motionId, closesAt, decision: { kind, payload } as MotionDecision, votes: {} };
    }
    case 'VoteCast':
      return { ...state, votes: { ...state.votes, [event.data.networkId]: event.data.vote } };
    case 'MotionCarried':
      return { ...state, status: 'carried' };
    case 'MotionLapsed':
      return { ...state, status: 'lapsed' };
  }
}

export const motionDecider: Decider<MotionCommand, MotionState, MotionEvent, MotionContext> = {
  initialState,
  decide,
  evolve,
};

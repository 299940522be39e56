import type { DomainEvent } from '../shared/decider';
import type { PersonalDetails } from '../network/network.commands';
import type { MotionDecision, Vote } from './motion.commands';

export type MotionEvent =
  | DomainEvent<
      'MotionProposed',
      {
        motionId: string;
        closesAt: string;
        proposedBy: { personId: string; networkId: string };
        /** An outside auditor's details, sealed under their own key (the subject). */
        appointeeId?: string;
        personal?: PersonalDetails;
      } & MotionDecision
    >
  | DomainEvent<'VoteCast', { motionId: string; networkId: string; personId: string; vote: Vote }>
  | DomainEvent<
      'MotionCarried',
      { motionId: string; votesFor: string[]; filledSeats: number } & MotionDecision
    >
  | DomainEvent<'MotionLapsed', { motionId: string; votesFor: string[]; filledSeats: number }>;

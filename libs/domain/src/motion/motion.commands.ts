import type { Actor } from '../shared/actor';
import type { PersonalDetails } from '../network/network.commands';

/** What a motion decides, applied by a policy once it is carried. */
export type MotionDecision =
  | { kind: 'set-priorities'; payload: { period: string; themes: string[] } }
  | {
      kind: 'change-approval-policy';
      payload: {
        quorum: number;
        reviewWindowDays: number;
        lazyConsensusDays?: number;
        updateIntervalDays?: number;
      };
    }
  | { kind: 'retire-practice'; payload: { practiceId: string; reason: string } }
  /** `outside`: someone in no network, mailed a claim link once the motion is carried. */
  | { kind: 'appoint-auditor'; payload: { personId: string; outside?: true } }
  | { kind: 'suspend-network'; payload: { networkId: string } }
  | { kind: 'reinstate-network'; payload: { networkId: string } }
  | { kind: 'set-witness-quorum'; payload: { witnesses: number } };

export type Vote = 'for' | 'against' | 'abstain';

export type MotionCommand =
  | ({
      type: 'ProposeMotion';
      motionId: string;
      closesAt: string;
      /** The name and address of an auditor appointed from outside the networks: sealed in the log. */
      personal?: PersonalDetails;
    } & MotionDecision)
  | { type: 'CastVote'; motionId: string; vote: Vote }
  | { type: 'CloseMotion'; motionId: string };

export interface MotionContext {
  now: Date;
  /** Absent for the scheduled CloseMotion. */
  actor?: Actor;
  /** Networks whose seats are filled and whose networks are active: the majority is counted over these. */
  filledSeats: string[];
}

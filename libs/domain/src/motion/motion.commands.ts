import type { Actor } from '../shared/actor';

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
  | { kind: 'appoint-auditor'; payload: { personId: string } }
  | { kind: 'suspend-network'; payload: { networkId: string } }
  | { kind: 'reinstate-network'; payload: { networkId: string } }
  | { kind: 'set-witness-quorum'; payload: { witnesses: number } };

export type Vote = 'for' | 'against' | 'abstain';

export type MotionCommand =
  | ({ type: 'ProposeMotion'; motionId: string; closesAt: string } & MotionDecision)
  | { type: 'CastVote'; motionId: string; vote: Vote }
  | { type: 'CloseMotion'; motionId: string };

export interface MotionContext {
  now: Date;
  /** Absent for the scheduled CloseMotion. */
  actor?: Actor;
  /** Networks whose seats are filled and whose networks are active: the majority is counted over these. */
  filledSeats: string[];
}

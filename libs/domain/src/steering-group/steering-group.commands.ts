/** Decisions of carried motions, applied to the `steering-group` stream by the policy that watches motions. */
export type SteeringGroupCommand =
  | { type: 'SetCollectionPriorities'; motionId: string; period: string; themes: string[] }
  | {
      type: 'ChangeApprovalPolicy';
      motionId: string;
      quorum: number;
      reviewWindowDays: number;
      lazyConsensusDays?: number;
      /** Absent: the interval in force stays. */
      updateIntervalDays?: number;
    }
  | { type: 'AppointAuditor'; motionId: string; personId: string }
  | { type: 'SetWitnessQuorum'; motionId: string; witnesses: number };

import type { DomainEvent } from '../shared/decider';

export type SteeringGroupEvent =
  | DomainEvent<'CollectionPrioritiesSet', { motionId: string; period: string; themes: string[] }>
  | DomainEvent<
      'ApprovalPolicyChanged',
      {
        motionId: string;
        version: number;
        quorum: number;
        reviewWindowDays: number;
        lazyConsensusDays?: number;
        /** Absent in events recorded before the interval could be changed: the one in force stays. */
        updateIntervalDays?: number;
      }
    >
  | DomainEvent<'AuditorAppointed', { motionId: string; personId: string }>
  | DomainEvent<'WitnessQuorumSet', { motionId: string; witnesses: number }>;

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
      }
    >
  | DomainEvent<'AuditorAppointed', { motionId: string; personId: string }>;

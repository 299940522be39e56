import type { DomainEvent } from '../shared/decider';

export type AuditorEvent =
  | DomainEvent<
      'AuditorInvited',
      { personId: string; motionId: string; claimId: string; codeHash: string; expiresAt: string }
    >
  | DomainEvent<'AuditorClaimRedeemed', { personId: string; claimId: string }>
  | DomainEvent<
      'AuditorTokenIssued',
      { personId: string; tokenId: string; tokenHash: string; expiresAt: string }
    >
  | DomainEvent<'AuditorDataErased', { personId: string }>
  | DomainEvent<'AuditorTokenRevoked', { personId: string; tokenId: string }>;

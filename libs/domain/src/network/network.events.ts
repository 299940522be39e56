import type { WebhookEventType } from './webhook-events';
import type { DomainEvent } from '../shared/decider';
import type { PersonalDetails, Role } from './network.commands';

export type NetworkEvent =
  | DomainEvent<
      'NetworkEnrolled',
      {
        networkId: string;
        name: string;
        scope: 'regional' | 'national';
        region?: string;
        facilitator: boolean;
        enrolledBy?: string;
      }
    >
  | DomainEvent<'PrinciplesAdopted', { networkId: string; principlesVersion: string; adoptedBy: string }>
  | DomainEvent<
      'MemberRegistered',
      { networkId: string; personId: string; roles: Role[]; personal: PersonalDetails }
    >
  | DomainEvent<'MemberRolesChanged', { networkId: string; personId: string; roles: Role[] }>
  | DomainEvent<'MemberRemoved', { networkId: string; personId: string }>
  | DomainEvent<
      'AccessTokenIssued',
      { networkId: string; personId: string; tokenId: string; tokenHash: string; expiresAt: string }
    >
  | DomainEvent<
      'ClaimIssued',
      { networkId: string; personId: string; claimId: string; codeHash: string; expiresAt: string }
    >
  | DomainEvent<'ClaimRedeemed', { networkId: string; personId: string; claimId: string }>
  | DomainEvent<'AccessTokenRevoked', { networkId: string; personId: string; tokenId: string }>
  | DomainEvent<'RepresentativeNominated', { networkId: string; personId: string; previous?: string }>
  | DomainEvent<
      'SeatVacated',
      { networkId: string; personId: string; reason: 'member-removed' | 'left-scheme' }
    >
  | DomainEvent<'MemberAuthorityAdded', { networkId: string; authorityCode: string }>
  | DomainEvent<
      'WebhookRegistered',
      {
        networkId: string;
        webhookId: string;
        url: string;
        /** The types it receives; absent, all of them. */
        events?: WebhookEventType[];
        /** Deliveries are signed with the secret, so it is kept (sealed under the webhook's own key), not hashed. */
        personal: { secret: string };
      }
    >
  | DomainEvent<'WebhookRemoved', { networkId: string; webhookId: string }>
  | DomainEvent<
      'WebhookRedeliveryRequested',
      { networkId: string; webhookId: string; deliveryId: string; requestedBy: string }
    >
  | DomainEvent<'WebhookDisabled', { networkId: string; webhookId: string; failingSince: string }>
  | DomainEvent<'AutomaticPublicationSet', { networkId: string; enabled: boolean; setBy: string }>
  | DomainEvent<'WitnessKeyRegistered', { networkId: string; publicKey: string; registeredBy: string }>
  | DomainEvent<'NetworkLeft', { networkId: string; reason: string }>
  | DomainEvent<'PersonalDataErased', { networkId: string; personId: string; erasedBy: string }>
  | DomainEvent<'NetworkSuspended', { networkId: string; motionId: string }>
  | DomainEvent<'NetworkReinstated', { networkId: string; motionId: string }>;

import type { DomainEvent } from '../shared/decider';
import type { SubscriberPersonal } from './subscriber.commands';

export type SubscriberEvent =
  | DomainEvent<
      'SubscriptionRequested',
      {
        subscriberId: string;
        confirmationTokenHash: string;
        unsubscribeTokenHash: string;
        requestedAt: string;
        /** When the confirmation token stops working. */
        expiresAt: string;
        personal: SubscriberPersonal;
      }
    >
  | DomainEvent<'SubscriptionConfirmed', { subscriberId: string }>
  | DomainEvent<'Unsubscribed', { subscriberId: string }>;

import { NotAllowed, RuleBroken } from '../shared/errors';
import type { Decider } from '../shared/decider';
import { DAY_MS } from '../shared/time';
import {
  CONFIRMATION_RESEND_MINUTES,
  CONFIRMATION_VALID_DAYS,
  SubscriberCommand,
  SubscriberContext,
} from './subscriber.commands';
import type { SubscriberEvent } from './subscriber.events';

export interface SubscriberState {
  status: 'none' | 'pending' | 'confirmed' | 'unsubscribed';
  subscriberId?: string;
  /** Hashes of the confirmation tokens sent since the last unsubscription, with when each stops working. */
  confirmations: Record<string, string>;
  unsubscribeTokenHash?: string;
  lastRequestedAt?: string;
}

const initialState: SubscriberState = { status: 'none', confirmations: {} };

const MINUTE = 60_000;

/**
 * A token that matches nothing is refused the same way whether or not the subscriber exists, so that a guessed
 * link tells nothing about who subscribes.
 */
function invalidLink(): never {
  throw new NotAllowed('This link is not valid; use the one in the latest mail');
}

function decide(
  command: SubscriberCommand,
  state: SubscriberState,
  context: SubscriberContext,
): SubscriberEvent[] {
  switch (command.type) {
    case 'RequestSubscription': {
      // Answered alike either way, so that asking again reveals nothing about an address.
      if (state.status === 'confirmed') return [];
      const sentRecently =
        state.status === 'pending' &&
        context.now.getTime() - Date.parse(state.lastRequestedAt!) < CONFIRMATION_RESEND_MINUTES * MINUTE;
      if (sentRecently) return [];
      const { subscriberId, personal, confirmationTokenHash, unsubscribeTokenHash } = command;
      return [
        {
          type: 'SubscriptionRequested',
          data: {
            subscriberId,
            confirmationTokenHash,
            unsubscribeTokenHash,
            requestedAt: context.now.toISOString(),
            expiresAt: new Date(context.now.getTime() + CONFIRMATION_VALID_DAYS * DAY_MS).toISOString(),
            personal,
          },
        },
      ];
    }

    case 'ConfirmSubscription': {
      const expiresAt = state.confirmations[command.tokenHash];
      if (!expiresAt) invalidLink();
      // A second click on the same link changes nothing and is no error.
      if (state.status === 'confirmed') return [];
      if (context.now.getTime() >= Date.parse(expiresAt))
        throw new RuleBroken(
          'confirmation-expired',
          `Confirmation links work for ${CONFIRMATION_VALID_DAYS} days; subscribe again for a new one`,
        );
      return [{ type: 'SubscriptionConfirmed', data: { subscriberId: state.subscriberId! } }];
    }

    case 'Unsubscribe': {
      if (command.tokenHash !== state.unsubscribeTokenHash) invalidLink();
      if (state.status === 'unsubscribed') return [];
      return [{ type: 'Unsubscribed', data: { subscriberId: state.subscriberId! } }];
    }
  }
}

function evolve(state: SubscriberState, event: SubscriberEvent): SubscriberState {
  switch (event.type) {
    case 'SubscriptionRequested': {
      const { subscriberId, confirmationTokenHash, unsubscribeTokenHash, requestedAt, expiresAt } =
        event.data;
      return {
        status: 'pending',
        subscriberId,
        confirmations: { ...state.confirmations, [confirmationTokenHash]: expiresAt },
        unsubscribeTokenHash,
        lastRequestedAt: requestedAt,
      };
    }
    case 'SubscriptionConfirmed':
      return { ...state, status: 'confirmed' };
    case 'Unsubscribed':
      // Links from before no longer confirm: subscribing again starts a new opt-in.
      return { ...state, status: 'unsubscribed', confirmations: {} };
  }
}

export const subscriberDecider: Decider<
  SubscriberCommand,
  SubscriberState,
  SubscriberEvent,
  SubscriberContext
> = {
  initialState,
  decide,
  evolve,
};

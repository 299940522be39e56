import { randomBytes } from 'node:crypto';
import { hashToken } from '@app/application';
import { SubscriberSecret, subscriberIdOf } from './subscriber-secret.service';

/** A sign-up for `email`, with the tokens its confirmation mail carries: for the API and the subscribe page. */
export function subscriptionRequest(secret: SubscriberSecret, email: string) {
  const subscriberId = secret.idFor(email);
  const confirmationToken = `${subscriberId}.${randomBytes(32).toString('base64url')}`;
  const unsubscribeToken = secret.unsubscribeTokenFor(subscriberId);
  const command = {
    type: 'RequestSubscription',
    subscriberId,
    personal: { email },
    confirmationTokenHash: hashToken(confirmationToken),
    unsubscribeTokenHash: hashToken(unsubscribeToken),
  } as const;
  return { command, secrets: { confirmationToken, unsubscribeToken } };
}

/** Confirming or unsubscribing with a mailed token, which names its subscriber. */
export function subscriberCommand(type: 'ConfirmSubscription' | 'Unsubscribe', token: string) {
  return { type, subscriberId: subscriberIdOf(token), tokenHash: hashToken(token) } as const;
}

/** A subscriber's e-mail address: personal data, carried in the events' encrypted part. */
export interface SubscriberPersonal {
  email: string;
}

/**
 * The public's e-mail updates, with double opt-in. Tokens reach the decider only as SHA-256 hashes: the handler
 * makes them and mails them, the log never holds one.
 */
export type SubscriberCommand =
  | {
      type: 'RequestSubscription';
      subscriberId: string;
      personal: SubscriberPersonal;
      confirmationTokenHash: string;
      unsubscribeTokenHash: string;
    }
  | { type: 'ConfirmSubscription'; subscriberId: string; tokenHash: string }
  | { type: 'Unsubscribe'; subscriberId: string; tokenHash: string };

export interface SubscriberContext {
  now: Date;
}

/** How long a confirmation link works. */
export const CONFIRMATION_VALID_DAYS = 7;

/**
 * A pending subscription is sent its confirmation again at most this often: anyone may ask for mail to any address,
 * and this bounds what they can make us send to it (and write to the log).
 */
export const CONFIRMATION_RESEND_MINUTES = 10;

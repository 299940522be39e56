import { NotAllowed, RuleBroken } from '../shared/errors';
import { scenario } from '../testing/given-when-then';
import type { SubscriberContext } from './subscriber.commands';
import type { SubscriberEvent } from './subscriber.events';
import { subscriberDecider } from './subscriber.decider';

const NOW = new Date('2026-11-23T10:00:00Z');
const at = (minutesLater: number): SubscriberContext => ({
  now: new Date(NOW.getTime() + minutesLater * 60_000),
});
const DAYS = 24 * 60;

const request = (confirmationTokenHash = 'c1') =>
  ({
    type: 'RequestSubscription',
    subscriberId: 's1',
    personal: { email: 'ann@example.org' },
    confirmationTokenHash,
    unsubscribeTokenHash: 'u1',
  }) as const;
const requested = (confirmationTokenHash = 'c1', requestedAt = NOW): SubscriberEvent => ({
  type: 'SubscriptionRequested',
  data: {
    subscriberId: 's1',
    confirmationTokenHash,
    unsubscribeTokenHash: 'u1',
    requestedAt: requestedAt.toISOString(),
    expiresAt: new Date(requestedAt.getTime() + 7 * 86_400_000).toISOString(),
    personal: { email: 'ann@example.org' },
  },
});
const confirmed: SubscriberEvent = { type: 'SubscriptionConfirmed', data: { subscriberId: 's1' } };
const unsubscribed: SubscriberEvent = { type: 'Unsubscribed', data: { subscriberId: 's1' } };

const subscriber = scenario(subscriberDecider);

describe('subscriber decider', () => {
  describe('requesting a subscription', () => {
    it('records the request with the address as personal data and a confirmation that expires in 7 days', () => {
      subscriber
        .given([])
        .when(request(), at(0))
        .then([
          {
            type: 'SubscriptionRequested',
            data: {
              subscriberId: 's1',
              confirmationTokenHash: 'c1',
              unsubscribeTokenHash: 'u1',
              requestedAt: '2026-11-23T10:00:00.000Z',
              expiresAt: '2026-11-30T10:00:00.000Z',
              personal: { email: 'ann@example.org' },
            },
          },
        ]);
    });

    it('while pending, sends the confirmation again, but not more often than every 10 minutes', () => {
      subscriber.given([requested()]).when(request('c2'), at(9)).then([]);
      subscriber
        .given([requested()])
        .when(request('c2'), at(10))
        .then([{ type: 'SubscriptionRequested', data: { confirmationTokenHash: 'c2' } }]);
    });

    it('once confirmed, records nothing and so sends nothing', () => {
      subscriber.given([requested(), confirmed]).when(request('c2'), at(60)).then([]);
    });

    it('after unsubscribing, starts a new opt-in', () => {
      subscriber
        .given([requested(), confirmed, unsubscribed])
        .when(request('c2'), at(1))
        .then([{ type: 'SubscriptionRequested', data: { confirmationTokenHash: 'c2' } }]);
    });
  });

  describe('confirming', () => {
    it('confirms with the token of any request still pending', () => {
      const twice = [requested(), requested('c2', at(10).now)];
      subscriber
        .given(twice)
        .when({ type: 'ConfirmSubscription', subscriberId: 's1', tokenHash: 'c1' }, at(20))
        .then([confirmed]);
      subscriber
        .given(twice)
        .when({ type: 'ConfirmSubscription', subscriberId: 's1', tokenHash: 'c2' }, at(20))
        .then([confirmed]);
    });

    it('refuses a token it never sent, the same way whether or not the subscriber exists', () => {
      subscriber
        .given([requested()])
        .when({ type: 'ConfirmSubscription', subscriberId: 's1', tokenHash: 'u1' }, at(1))
        .thenRefuses(NotAllowed, /not valid/);
      subscriber
        .given([])
        .when({ type: 'ConfirmSubscription', subscriberId: 's1', tokenHash: 'c1' }, at(1))
        .thenRefuses(NotAllowed, /not valid/);
    });

    it('refuses an expired token', () => {
      subscriber
        .given([requested()])
        .when({ type: 'ConfirmSubscription', subscriberId: 's1', tokenHash: 'c1' }, at(7 * DAYS))
        .thenRefuses(RuleBroken, /7 days/);
      expect(() =>
        subscriberDecider.decide(
          { type: 'ConfirmSubscription', subscriberId: 's1', tokenHash: 'c1' },
          subscriberDecider.evolve(subscriberDecider.initialState, requested()),
          at(7 * DAYS),
        ),
      ).toThrow(expect.objectContaining({ rule: 'confirmation-expired' }));
    });

    it('is idempotent: confirming again records nothing and is no error', () => {
      subscriber
        .given([requested(), confirmed])
        .when({ type: 'ConfirmSubscription', subscriberId: 's1', tokenHash: 'c1' }, at(8 * DAYS))
        .then([]);
    });

    it('no longer accepts links from before an unsubscription', () => {
      subscriber
        .given([requested(), unsubscribed])
        .when({ type: 'ConfirmSubscription', subscriberId: 's1', tokenHash: 'c1' }, at(1))
        .thenRefuses(NotAllowed);
    });
  });

  describe('unsubscribing', () => {
    it('unsubscribes with the unsubscribe token, confirmed or still pending', () => {
      subscriber
        .given([requested(), confirmed])
        .when({ type: 'Unsubscribe', subscriberId: 's1', tokenHash: 'u1' }, at(60))
        .then([unsubscribed]);
      subscriber
        .given([requested()])
        .when({ type: 'Unsubscribe', subscriberId: 's1', tokenHash: 'u1' }, at(1))
        .then([unsubscribed]);
    });

    it('refuses any other token, and a subscriber that does not exist', () => {
      subscriber
        .given([requested(), confirmed])
        .when({ type: 'Unsubscribe', subscriberId: 's1', tokenHash: 'c1' }, at(1))
        .thenRefuses(NotAllowed);
      subscriber
        .given([])
        .when({ type: 'Unsubscribe', subscriberId: 's1', tokenHash: 'u1' }, at(1))
        .thenRefuses(NotAllowed);
    });

    it('is idempotent', () => {
      subscriber
        .given([requested(), confirmed, unsubscribed])
        .when({ type: 'Unsubscribe', subscriberId: 's1', tokenHash: 'u1' }, at(1))
        .then([]);
    });
  });
});

import {
  CONFIRMATION_VALID_DAYS,
  SubscriberCommand,
  SubscriberContext,
  subscriberDecider,
  SubscriberEvent,
  SubscriberState,
} from '@app/domain';
import { Committed, defineRunner, RunnerPorts } from '../command-runner';
import { mailAfterCommit } from '../mail/mailer';

/** The public's e-mail updates, with double opt-in. */
export const subscriberRunner = defineRunner<
  SubscriberCommand,
  SubscriberState,
  SubscriberEvent,
  SubscriberContext
>({
  commands: { RequestSubscription: true, ConfirmSubscription: true, Unsubscribe: true },
  stream: (command) => `subscriber-${command.subscriberId}`,
  decider: subscriberDecider,
  context: async ({ now }) => ({ now }),
  afterCommit: { RequestSubscription: mailConfirmation },
});

type Requested = Committed<Extract<SubscriberCommand, { type: 'RequestSubscription' }>, SubscriberEvent>;

async function mailConfirmation({ command, events, secrets }: Requested, ports: RunnerPorts) {
  if (events.length > 0) {
    const { subscriberId, personal } = command;
    await mailAfterCommit(ports.logger, { subscriberId }, () =>
      ports.mailer.send({
        to: personal.email,
        subject: 'Confirm your e-mail updates from Connect & Share',
        text: [
          'Someone, probably you, asked for e-mail updates from Connect & Share, the catalogue of highways',
          'practice, to be sent to this address.',
          '',
          `To confirm, open this link within ${CONFIRMATION_VALID_DAYS} days:`,
          `${ports.publicUrl}/subscribe/confirm?token=${secrets.confirmationToken}`,
          '',
          'If you did not ask for this, ignore this mail: nothing more will be sent to you.',
          '',
          'To stop the updates at any time:',
          `${ports.publicUrl}/subscribe/unsubscribe?token=${secrets.unsubscribeToken}`,
          '',
        ].join('\n'),
      }),
    );
  }
  // The log's head rather than this request's own event: the same answer whether or not anything was written, so
  // that it tells nobody whether the address was already subscribed.
  return { position: Number(await ports.store.headPosition()) };
}

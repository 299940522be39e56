import { randomBytes } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { hashToken, mailAfterCommit, MailMessage, Mailer } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import { CONFIRMATION_VALID_DAYS } from '@app/domain';
import { EventStore } from '@app/event-store';
import { RequestSubscriptionCommand } from '../subscriptions.commands';
import { SubscriberCommands } from '../subscriber-commands.service';
import { SubscriberSecret } from '../subscriber-secret.service';

@CommandHandler(RequestSubscriptionCommand)
export class RequestSubscriptionHandler implements ICommandHandler<RequestSubscriptionCommand> {
  private readonly logger = new Logger(RequestSubscriptionHandler.name);

  constructor(
    private readonly subscribers: SubscriberCommands,
    private readonly secret: SubscriberSecret,
    private readonly mailer: Mailer,
    private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ email }: RequestSubscriptionCommand) {
    const subscriberId = this.secret.idFor(email);
    const confirmationToken = `${subscriberId}.${randomBytes(32).toString('base64url')}`;
    const unsubscribeToken = this.secret.unsubscribeTokenFor(subscriberId);
    const { events } = await this.subscribers.run(subscriberId, {
      type: 'RequestSubscription',
      subscriberId,
      personal: { email },
      confirmationTokenHash: hashToken(confirmationToken),
      unsubscribeTokenHash: hashToken(unsubscribeToken),
    });
    if (events.length > 0) {
      await mailAfterCommit(this.logger, { subscriberId }, () =>
        this.mailer.send(this.confirmationMail(email, confirmationToken, unsubscribeToken)),
      );
    }
    // The log's head rather than this request's own event: the same answer whether or not anything was written,
    // so that it tells nobody whether the address was already subscribed.
    return { position: Number(await this.store.headPosition()) };
  }

  private confirmationMail(to: string, confirmationToken: string, unsubscribeToken: string): MailMessage {
    const base = this.config.publicUrl;
    return {
      to,
      subject: 'Confirm your e-mail updates from Connect & Share',
      text: [
        'Someone, probably you, asked for e-mail updates from Connect & Share, the catalogue of highways',
        'practice, to be sent to this address.',
        '',
        `To confirm, open this link within ${CONFIRMATION_VALID_DAYS} days:`,
        `${base}/subscriptions/confirm?token=${confirmationToken}`,
        '',
        'If you did not ask for this, ignore this mail: nothing more will be sent to you.',
        '',
        'To stop the updates at any time:',
        `${base}/subscriptions/unsubscribe?token=${unsubscribeToken}`,
        '',
      ].join('\n'),
    };
  }
}

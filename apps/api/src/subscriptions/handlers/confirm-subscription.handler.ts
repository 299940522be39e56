import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { hashToken } from '@app/application';
import { ConfirmSubscriptionCommand } from '../subscriptions.commands';
import { SubscriberCommands } from '../subscriber-commands.service';
import { subscriberIdOf } from '../subscriber-secret.service';

@CommandHandler(ConfirmSubscriptionCommand)
export class ConfirmSubscriptionHandler implements ICommandHandler<ConfirmSubscriptionCommand> {
  constructor(private readonly subscribers: SubscriberCommands) {}

  async execute({ token }: ConfirmSubscriptionCommand) {
    const { position } = await this.subscribers.run(subscriberIdOf(token), {
      type: 'ConfirmSubscription',
      tokenHash: hashToken(token),
    });
    return { position };
  }
}

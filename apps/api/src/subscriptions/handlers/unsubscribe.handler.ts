import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { hashToken } from '@app/application';
import { UnsubscribeCommand } from '../subscriptions.commands';
import { SubscriberCommands } from '../subscriber-commands.service';
import { subscriberIdOf } from '../subscriber-secret.service';

@CommandHandler(UnsubscribeCommand)
export class UnsubscribeHandler implements ICommandHandler<UnsubscribeCommand> {
  constructor(private readonly subscribers: SubscriberCommands) {}

  async execute({ token }: UnsubscribeCommand) {
    const { position } = await this.subscribers.run(subscriberIdOf(token), {
      type: 'Unsubscribe',
      tokenHash: hashToken(token),
    });
    return { position };
  }
}

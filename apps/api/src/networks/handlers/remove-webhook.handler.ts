import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, PersonalDataKeys } from '@app/application';
import { RemoveWebhookCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

/** Records the removal, then deletes the webhook's key: its sealed secret becomes unreadable everywhere. */
@CommandHandler(RemoveWebhookCommand)
export class RemoveWebhookHandler implements ICommandHandler<RemoveWebhookCommand> {
  constructor(
    private readonly network: NetworkCommands,
    private readonly keys: PersonalDataKeys,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, networkId, commandId, webhookId }: RemoveWebhookCommand) {
    const { position } = await this.network.run(
      networkId,
      { type: 'RemoveWebhook', webhookId },
      actor,
      commandId,
    );
    await this.keys.forget(webhookId, this.clock.now());
    return { position };
  }
}

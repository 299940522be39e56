import { randomBytes } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegisterWebhookCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand> {
  constructor(private readonly network: NetworkCommands) {}

  async execute({ actor, networkId, commandId, webhookId, url }: RegisterWebhookCommand) {
    // 256 random bits, drawn once so that a retried append carries the same secret.
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const { position } = await this.network.run(
      networkId,
      { type: 'RegisterWebhook', webhookId, url, secret },
      actor,
      commandId,
    );
    return { webhookId, secret, position };
  }
}

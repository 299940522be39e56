import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';

import { RevokeAccessTokenCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(RevokeAccessTokenCommand)
export class RevokeAccessTokenHandler implements ICommandHandler<RevokeAccessTokenCommand> {
  constructor(private readonly network: NetworkCommands) {}

  async execute(command: RevokeAccessTokenCommand) {
    const { position } = await this.network.run(
      command.networkId,
      { type: 'RevokeAccessToken', personId: command.personId, tokenId: command.tokenId },
      command.actor,
      command.commandId,
    );
    return { position };
  }
}

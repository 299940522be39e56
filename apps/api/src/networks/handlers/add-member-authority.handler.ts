import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';

import { AddMemberAuthorityCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(AddMemberAuthorityCommand)
export class AddMemberAuthorityHandler implements ICommandHandler<AddMemberAuthorityCommand> {
  constructor(private readonly network: NetworkCommands) {}

  async execute(command: AddMemberAuthorityCommand) {
    const { position } = await this.network.run(
      command.networkId,
      { type: 'AddMemberAuthority', authorityCode: command.authorityCode },
      command.actor,
      command.commandId,
    );
    return { position };
  }
}

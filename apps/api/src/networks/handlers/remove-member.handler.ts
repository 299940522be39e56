import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';

import { RemoveMemberCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand> {
  constructor(private readonly network: NetworkCommands) {}

  async execute(command: RemoveMemberCommand) {
    const { position } = await this.network.run(
      command.networkId,
      { type: 'RemoveMember', personId: command.personId },
      command.actor,
      command.commandId,
    );
    return { position };
  }
}

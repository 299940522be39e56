import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';

import { ChangeMemberRolesCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(ChangeMemberRolesCommand)
export class ChangeMemberRolesHandler implements ICommandHandler<ChangeMemberRolesCommand> {
  constructor(private readonly network: NetworkCommands) {}

  async execute(command: ChangeMemberRolesCommand) {
    const { position } = await this.network.run(
      command.networkId,
      { type: 'ChangeMemberRoles', personId: command.personId, roles: command.roles },
      command.actor,
      command.commandId,
    );
    return { position };
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';

import { LeaveSchemeCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(LeaveSchemeCommand)
export class LeaveSchemeHandler implements ICommandHandler<LeaveSchemeCommand> {
  constructor(private readonly network: NetworkCommands) {}

  async execute(command: LeaveSchemeCommand) {
    const { position } = await this.network.run(
      command.networkId,
      { type: 'LeaveScheme', reason: command.reason },
      command.actor,
      command.commandId,
    );
    return { position };
  }
}

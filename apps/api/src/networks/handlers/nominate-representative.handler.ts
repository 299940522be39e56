import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';

import { NominateRepresentativeCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(NominateRepresentativeCommand)
export class NominateRepresentativeHandler implements ICommandHandler<NominateRepresentativeCommand> {
  constructor(private readonly network: NetworkCommands) {}

  async execute(command: NominateRepresentativeCommand) {
    const { position } = await this.network.run(
      command.networkId,
      { type: 'NominateRepresentative', personId: command.personId },
      command.actor,
      command.commandId,
    );
    return { position };
  }
}

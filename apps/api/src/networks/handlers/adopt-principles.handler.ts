import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';

import { AdoptPrinciplesCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(AdoptPrinciplesCommand)
export class AdoptPrinciplesHandler implements ICommandHandler<AdoptPrinciplesCommand> {
  constructor(private readonly network: NetworkCommands) {}

  async execute(command: AdoptPrinciplesCommand) {
    const { position } = await this.network.run(
      command.networkId,
      { type: 'AdoptPrinciples', principlesVersion: command.principlesVersion },
      command.actor,
      command.commandId,
    );
    return { position };
  }
}

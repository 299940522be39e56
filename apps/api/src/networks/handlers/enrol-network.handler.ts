import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Clock, newAccessToken } from '@app/application';
import { EnrolNetworkCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(EnrolNetworkCommand)
export class EnrolNetworkHandler implements ICommandHandler<EnrolNetworkCommand> {
  constructor(
    private readonly clock: Clock,
    private readonly network: NetworkCommands,
  ) {}

  async execute(command: EnrolNetworkCommand) {
    const personId = randomUUID();
    const { token, ...issued } = newAccessToken(this.clock.now());
    const { name, scope, region, coordinator } = command.body;
    const { position } = await this.network.run(
      command.networkId,
      {
        type: 'EnrolNetwork',
        networkId: command.networkId,
        name,
        scope,
        region,
        coordinator: { personId, ...coordinator },
        token: issued,
      },
      command.actor,
      command.commandId,
    );
    // The token is shown once, here; e-mailing it to the coordinator arrives with the jobs.
    return {
      networkId: command.networkId,
      coordinator: { personId, tokenId: issued.tokenId, token, expiresAt: issued.expiresAt },
      position,
    };
  }
}

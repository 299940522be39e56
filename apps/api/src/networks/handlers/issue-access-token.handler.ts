import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, newAccessToken } from '@app/application';
import { IssueAccessTokenCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(IssueAccessTokenCommand)
export class IssueAccessTokenHandler implements ICommandHandler<IssueAccessTokenCommand> {
  constructor(
    private readonly clock: Clock,
    private readonly network: NetworkCommands,
  ) {}

  async execute(command: IssueAccessTokenCommand) {
    const { token, ...issued } = newAccessToken(this.clock.now(), command.expiresInDays);
    const { position } = await this.network.run(
      command.networkId,
      { type: 'IssueAccessToken', personId: command.personId, token: issued },
      command.actor,
      command.commandId,
    );
    return { tokenId: issued.tokenId, token, expiresAt: issued.expiresAt, position };
  }
}

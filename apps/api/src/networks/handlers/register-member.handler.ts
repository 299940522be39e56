import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { RegisterMemberCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(RegisterMemberCommand)
export class RegisterMemberHandler implements ICommandHandler<RegisterMemberCommand> {
  constructor(private readonly network: NetworkCommands) {}

  async execute(command: RegisterMemberCommand) {
    const personId = randomUUID();
    const { name, email, roles } = command.body;
    const { position } = await this.network.run(
      command.networkId,
      { type: 'RegisterMember', personId, roles, personal: { name, email } },
      command.actor,
      command.commandId,
    );
    return { personId, position };
  }
}

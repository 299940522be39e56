import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Clock, mailAfterCommit, Mailer, newAccessToken } from '@app/application';
import { EnrolNetworkCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(EnrolNetworkCommand)
export class EnrolNetworkHandler implements ICommandHandler<EnrolNetworkCommand> {
  private readonly logger = new Logger(EnrolNetworkHandler.name);

  constructor(
    private readonly clock: Clock,
    private readonly network: NetworkCommands,
    private readonly mailer: Mailer,
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
    // The token is shown once, here, and mailed to the address in the request: the log holds that only encrypted.
    await mailAfterCommit(this.logger, { networkId: command.networkId, personId }, () =>
      this.mailer.send({
        to: coordinator.email,
        subject: `Your Connect & Share access token for ${name}`,
        text: [
          `Hello ${coordinator.name},`,
          '',
          `${name} is now enrolled in Connect & Share, and you are its first coordinator. Your access token:`,
          '',
          token,
          '',
          `It works until ${issued.expiresAt}. Keep it to yourself: it acts as you. Send it with every request as`,
          '"Authorization: Bearer <token>"; with it you register your network\'s members and issue their tokens.',
          '',
        ].join('\n'),
      }),
    );
    return {
      networkId: command.networkId,
      coordinator: { personId, tokenId: issued.tokenId, token, expiresAt: issued.expiresAt },
      position,
    };
  }
}

import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Clock,
  mailAfterCommit,
  Mailer,
  newAccessToken,
  PersonalData,
  SealedPersonal,
} from '@app/application';
import type { PersonalDetails } from '@app/domain';
import { EventStore } from '@app/event-store';
import { IssueAccessTokenCommand } from '../networks.commands';
import { NetworkCommands } from '../network-commands.service';

@CommandHandler(IssueAccessTokenCommand)
export class IssueAccessTokenHandler implements ICommandHandler<IssueAccessTokenCommand> {
  private readonly logger = new Logger(IssueAccessTokenHandler.name);

  constructor(
    private readonly clock: Clock,
    private readonly network: NetworkCommands,
    private readonly mailer: Mailer,
    private readonly store: EventStore,
    private readonly personalData: PersonalData,
  ) {}

  async execute(command: IssueAccessTokenCommand) {
    const { token, ...issued } = newAccessToken(this.clock.now(), command.expiresInDays);
    const { position } = await this.network.run(
      command.networkId,
      { type: 'IssueAccessToken', personId: command.personId, token: issued },
      command.actor,
      command.commandId,
    );
    const { networkId, personId } = command;
    await mailAfterCommit(this.logger, { networkId, personId }, async () => {
      const person = await this.contactOf(networkId, personId);
      if (!person) return;
      await this.mailer.send({
        to: person.email,
        subject: 'Your Connect & Share access token',
        text: [
          `Hello ${person.name},`,
          '',
          `Your network's coordinator has issued you an access token for Connect & Share (network ${networkId}):`,
          '',
          token,
          '',
          `It works until ${issued.expiresAt}. Keep it to yourself: it acts as you. Send it with every request as`,
          '"Authorization: Bearer <token>".',
          '',
        ].join('\n'),
      });
    });
    return { tokenId: issued.tokenId, token, expiresAt: issued.expiresAt, position };
  }

  /**
   * Name and address from the encrypted personal part of the person's registration (the decider has just found
   * them a member). None for a forgotten person, nor for the bootstrapped first coordinator, who has no address.
   */
  private async contactOf(networkId: string, personId: string): Promise<PersonalDetails | undefined> {
    const registration = (await this.store.readStream(`network-${networkId}`)).find(
      (event) =>
        event.type === 'MemberRegistered' && (event.data as { personId: string }).personId === personId,
    )!;
    const personal = await this.personalData.open<PersonalDetails>(
      (registration.data as { personal: SealedPersonal }).personal,
    );
    return 'forgotten' in personal || !personal.email ? undefined : personal;
  }
}

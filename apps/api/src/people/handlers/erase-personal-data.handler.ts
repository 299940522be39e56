import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, PersonalDataKeys } from '@app/application';
import { NotFound } from '@app/domain';
import { ProjectionRunner } from '@app/read-models';
import { NetworkCommands } from '../../networks/network-commands.service';
import { ErasePersonalDataCommand } from '../erase-personal-data.command';

/**
 * Records who erased whose personal data, then deletes the person's key: every encrypted personal part of the
 * log becomes unreadable, and every other fact, and the hash chain, stay as they were.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly network: NetworkCommands,
    private readonly runner: ProjectionRunner,
    private readonly keys: PersonalDataKeys,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, personId, commandId }: ErasePersonalDataCommand) {
    const member = this.runner.database
      .prepare('SELECT network_id FROM identity_members WHERE person_id = ?')
      .get(personId) as { network_id: string } | undefined;
    if (!member) throw new NotFound('No such person');
    // Decided first (who may erase is a rule); the key goes only once the erasure is on record.
    const { position } = await this.network.run(
      member.network_id,
      { type: 'ErasePersonalData', personId },
      actor,
      commandId,
    );
    await this.keys.forget(personId, this.clock.now());
    return { position };
  }
}

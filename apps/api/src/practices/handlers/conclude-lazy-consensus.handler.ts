import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConcludeLazyConsensusCommand } from '../practices.commands';
import { PracticeCommands } from '../practice-commands.service';

@CommandHandler(ConcludeLazyConsensusCommand)
export class ConcludeLazyConsensusHandler implements ICommandHandler<ConcludeLazyConsensusCommand> {
  constructor(private readonly practices: PracticeCommands) {}

  async execute({ practiceId, commandId }: ConcludeLazyConsensusCommand) {
    const { position } = await this.practices.run(
      practiceId,
      { type: 'ConcludeLazyConsensus', practiceId },
      undefined,
      commandId,
    );
    return { position };
  }
}

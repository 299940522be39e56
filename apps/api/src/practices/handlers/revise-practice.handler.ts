import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RevisePracticeCommand } from '../practices.commands';
import { PracticeCommands } from '../practice-commands.service';

@CommandHandler(RevisePracticeCommand)
export class RevisePracticeHandler implements ICommandHandler<RevisePracticeCommand> {
  constructor(private readonly practices: PracticeCommands) {}

  async execute(command: RevisePracticeCommand) {
    const { practiceId, basedOnVersion, content, actor, commandId } = command;
    const { position } = await this.practices.run(
      practiceId,
      { type: 'RevisePractice', practiceId, basedOnVersion, content },
      actor,
      commandId,
    );
    return { version: basedOnVersion + 1, position };
  }
}

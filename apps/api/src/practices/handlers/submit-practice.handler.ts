import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SubmitPracticeCommand } from '../practices.commands';
import { PracticeCommands } from '../practice-commands.service';

@CommandHandler(SubmitPracticeCommand)
export class SubmitPracticeHandler implements ICommandHandler<SubmitPracticeCommand> {
  constructor(private readonly practices: PracticeCommands) {}

  async execute(command: SubmitPracticeCommand) {
    const { practiceId, content, actor, commandId } = command;
    const { position } = await this.practices.run(
      practiceId,
      { type: 'SubmitPractice', practiceId, content },
      actor,
      commandId,
    );
    return { practiceId, version: 1, position };
  }
}

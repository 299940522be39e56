import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PublishPracticeCommand } from '../practices.commands';
import { PracticeCommands } from '../practice-commands.service';

@CommandHandler(PublishPracticeCommand)
export class PublishPracticeHandler implements ICommandHandler<PublishPracticeCommand> {
  constructor(private readonly practices: PracticeCommands) {}

  async execute(command: PublishPracticeCommand) {
    const { practiceId, actor, commandId } = command;
    const { position } = await this.practices.run(
      practiceId,
      { type: 'PublishPractice', practiceId },
      actor,
      commandId,
    );
    return { position };
  }
}

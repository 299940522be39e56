import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReviewPracticeCommand } from '../practices.commands';
import { PracticeCommands } from '../practice-commands.service';

@CommandHandler(ReviewPracticeCommand)
export class ReviewPracticeHandler implements ICommandHandler<ReviewPracticeCommand> {
  constructor(private readonly practices: PracticeCommands) {}

  async execute(command: ReviewPracticeCommand) {
    const { practiceId, round, verdict, comment, actor, commandId } = command;
    const { position } = await this.practices.run(
      practiceId,
      { type: 'ReviewPractice', practiceId, round, verdict, comment },
      actor,
      commandId,
    );
    return { position };
  }
}

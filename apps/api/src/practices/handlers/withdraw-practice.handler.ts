import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { WithdrawPracticeCommand } from '../practices.commands';
import { PracticeCommands } from '../practice-commands.service';

@CommandHandler(WithdrawPracticeCommand)
export class WithdrawPracticeHandler implements ICommandHandler<WithdrawPracticeCommand> {
  constructor(private readonly practices: PracticeCommands) {}

  async execute(command: WithdrawPracticeCommand) {
    const { practiceId, reason, actor, commandId } = command;
    const { position } = await this.practices.run(
      practiceId,
      { type: 'WithdrawPractice', practiceId, reason },
      actor,
      commandId,
    );
    return { position };
  }
}

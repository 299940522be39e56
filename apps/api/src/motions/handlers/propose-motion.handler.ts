import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ProposeMotionCommand } from '../motions.commands';
import { MotionCommands } from '../motion-commands.service';

@CommandHandler(ProposeMotionCommand)
export class ProposeMotionHandler implements ICommandHandler<ProposeMotionCommand> {
  constructor(private readonly motions: MotionCommands) {}

  async execute({ actor, motionId, commandId, decision, closesAt }: ProposeMotionCommand) {
    const { position } = await this.motions.run(
      motionId,
      { type: 'ProposeMotion', motionId, closesAt, ...decision },
      actor,
      commandId,
    );
    return { motionId, position };
  }
}

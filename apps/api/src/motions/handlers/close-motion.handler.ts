import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CloseMotionCommand } from '../motions.commands';
import { MotionCommands } from '../motion-commands.service';

@CommandHandler(CloseMotionCommand)
export class CloseMotionHandler implements ICommandHandler<CloseMotionCommand> {
  constructor(private readonly motions: MotionCommands) {}

  async execute({ motionId, commandId }: CloseMotionCommand) {
    return this.motions.run(motionId, { type: 'CloseMotion', motionId }, undefined, commandId);
  }
}

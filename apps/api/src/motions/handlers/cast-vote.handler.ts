import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CastVoteCommand } from '../motions.commands';
import { MotionCommands } from '../motion-commands.service';

@CommandHandler(CastVoteCommand)
export class CastVoteHandler implements ICommandHandler<CastVoteCommand> {
  constructor(private readonly motions: MotionCommands) {}

  async execute({ actor, motionId, commandId, vote }: CastVoteCommand) {
    return this.motions.run(motionId, { type: 'CastVote', motionId, vote }, actor, commandId);
  }
}

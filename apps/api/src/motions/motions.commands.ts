import type { MotionDecision, Vote } from '@app/domain';
import type { ResolvedActor } from '@app/read-models';

export class ProposeMotionCommand {
  constructor(
    readonly actor: ResolvedActor,
    readonly motionId: string,
    readonly commandId: string,
    readonly decision: MotionDecision,
    readonly closesAt: string,
  ) {}
}

export class CastVoteCommand {
  constructor(
    readonly actor: ResolvedActor,
    readonly motionId: string,
    readonly commandId: string,
    readonly vote: Vote,
  ) {}
}

/** Issued by the scheduler, not a person, once a motion's closing time has come. */
export class CloseMotionCommand {
  constructor(
    readonly motionId: string,
    readonly commandId: string,
  ) {}
}

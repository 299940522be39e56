import type { PracticeContent, Verdict } from '@app/domain';
import type { ResolvedActor } from '@app/read-models';

/** The commands the practice routes send on the CommandBus; each has one handler named after it. */
abstract class PracticeRequest {
  constructor(
    readonly actor: ResolvedActor,
    readonly practiceId: string,
    readonly commandId: string,
  ) {}
}

export class SubmitPracticeCommand extends PracticeRequest {
  constructor(
    actor: ResolvedActor,
    practiceId: string,
    commandId: string,
    readonly content: PracticeContent,
  ) {
    super(actor, practiceId, commandId);
  }
}

export class ReviewPracticeCommand extends PracticeRequest {
  constructor(
    actor: ResolvedActor,
    practiceId: string,
    commandId: string,
    readonly round: number,
    readonly verdict: Verdict,
    readonly comment: string,
  ) {
    super(actor, practiceId, commandId);
  }
}

export class RevisePracticeCommand extends PracticeRequest {
  constructor(
    actor: ResolvedActor,
    practiceId: string,
    commandId: string,
    readonly basedOnVersion: number,
    readonly content: PracticeContent,
  ) {
    super(actor, practiceId, commandId);
  }
}

export class PublishPracticeCommand extends PracticeRequest {}

export class WithdrawPracticeCommand extends PracticeRequest {
  constructor(
    actor: ResolvedActor,
    practiceId: string,
    commandId: string,
    readonly reason: string,
  ) {
    super(actor, practiceId, commandId);
  }
}

/** Issued by the scheduler, not a person, once a round may be concluded by lazy consensus. */
export class ConcludeLazyConsensusCommand {
  constructor(
    readonly practiceId: string,
    readonly commandId: string,
  ) {}
}

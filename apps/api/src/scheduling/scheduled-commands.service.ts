import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock } from '@app/application';
import { DomainError } from '@app/domain';
import { motionsDueToClose, ProjectionRunner, unopposedRoundsOpenedBy } from '@app/read-models';
import { CloseMotionCommand } from '../motions/motions.commands';
import { ConcludeLazyConsensusCommand } from '../practices/practices.commands';
import { PracticeCommands } from '../practices/practice-commands.service';

const DAY_MS = 86_400_000;

/**
 * Issues the commands that time, not a person, calls for: closing motions whose time has come (they lapse unless
 * carried) and concluding lazy consensus on rounds open long enough under the policy in force. Each command is
 * rule-checked by its decider like any other, and its id is derived from what it concerns, so several replicas
 * (or a retry after a crash) issuing the same one write it once.
 */
@Injectable()
export class ScheduledCommands implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduledCommands.name);
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> | undefined;

  constructor(
    private readonly commands: CommandBus,
    private readonly runner: ProjectionRunner,
    private readonly practices: PracticeCommands,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.tick ??= this.runDue().finally(() => (this.tick = undefined));
    }, this.config.schedulerIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.tick;
  }

  /** Issues every command that is due now; one that the rules refuse is logged and passed over. */
  async runDue(): Promise<void> {
    const now = this.clock.now();
    const db = this.runner.database;
    const due: Array<{ command: object; what: string }> = motionsDueToClose(db, now).map((motionId) => ({
      command: new CloseMotionCommand(motionId, `scheduled:close-motion:${motionId}`),
      what: `closing motion ${motionId}`,
    }));
    const { lazyConsensusDays } = await this.practices.approvalPolicy();
    if (lazyConsensusDays !== undefined) {
      const openedBy = new Date(now.getTime() - lazyConsensusDays * DAY_MS);
      for (const { practiceId, round } of unopposedRoundsOpenedBy(db, openedBy)) {
        due.push({
          command: new ConcludeLazyConsensusCommand(
            practiceId,
            `scheduled:conclude-lazy-consensus:${practiceId}:${round}`,
          ),
          what: `concluding lazy consensus on practice ${practiceId} round ${round}`,
        });
      }
    }
    for (const { command, what } of due) {
      try {
        await this.commands.execute(command);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Usually the view had not yet seen the event that settled it; the decider is the judge.
        this.logger.warn(`Scheduled ${what} was refused: ${error.message}`);
      }
    }
  }
}

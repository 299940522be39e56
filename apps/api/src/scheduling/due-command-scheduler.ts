import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock, DomainCommand, RunCommand, StreamFacts } from '@app/application';
import { DAY_MS, DomainError, lastClosedQuarter, periodSpan } from '@app/domain';
import { JobRegistry } from '@app/jobs';
import { motionsDueToClose, ProjectionRunner, unopposedRoundsOpenedBy } from '@app/read-models';

/**
 * Issues the commands that time, not a person, calls for: closing motions whose time has come, concluding lazy
 * consensus on rounds open long enough under the policy in force, and issuing the progress report of a quarter that
 * has closed. The schedule view only says what may be due;
 * each command is rule-checked by its decider like any other, and its id derives from what it concerns, so several
 * replicas (or a retry after a crash) issuing the same one write it once. A schedule every SCHEDULER_INTERVAL_MS:
 * a BullMQ job scheduler with REDIS_URL (one round per due time across replicas), a timer otherwise.
 */
@Injectable()
export class DueCommandScheduler {
  private readonly logger = new Logger(DueCommandScheduler.name);

  constructor(
    private readonly bus: CommandBus,
    private readonly runner: ProjectionRunner,
    private readonly facts: StreamFacts,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    schedules: JobRegistry,
  ) {
    schedules.every({ name: 'due-commands', everyMs: config.schedulerIntervalMs, run: () => this.runDue() });
  }

  /** Issues every command that is due now; one that the rules refuse is logged and passed over. */
  async runDue(): Promise<void> {
    for (const { command, commandId } of await this.due(this.clock.now())) {
      try {
        await this.bus.execute(new RunCommand(command, { commandId }));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Usually the view had not yet seen the event that settled it; the decider is the judge.
        this.logger.warn(`Scheduled ${command.type} (${commandId}) was refused: ${error.message}`);
      }
    }
  }

  private async due(now: Date): Promise<Array<{ command: DomainCommand; commandId: string }>> {
    const db = this.runner.database;
    const due: Array<{ command: DomainCommand; commandId: string }> = motionsDueToClose(db, now).map(
      (motionId) => ({
        command: { type: 'CloseMotion', motionId },
        commandId: `scheduled:close-motion:${motionId}`,
      }),
    );
    const { lazyConsensusDays } = await this.facts.policy();
    if (lazyConsensusDays !== undefined) {
      const openedBy = new Date(now.getTime() - lazyConsensusDays * DAY_MS);
      for (const { practiceId, round } of unopposedRoundsOpenedBy(db, openedBy)) {
        due.push({
          command: { type: 'ConcludeLazyConsensus', practiceId },
          commandId: `scheduled:conclude-lazy-consensus:${practiceId}:${round}`,
        });
      }
    }
    return [...due, ...(await this.reportDue(now))];
  }

  /** The last closed quarter's report, unless it is issued or the service had not begun by its end. */
  private async reportDue(now: Date): Promise<Array<{ command: DomainCommand; commandId: string }>> {
    const quarter = lastClosedQuarter(now);
    const began = await this.facts.logBegan();
    if (!began || began >= periodSpan(quarter)!.to) return [];
    if ((await this.facts.reports()).issued.includes(quarter)) return [];
    return [
      {
        command: { type: 'IssueProgressReport', quarter },
        commandId: `scheduled:issue-progress-report:${quarter}`,
      },
    ];
  }
}

import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@app/application';
import { PeriodicTask } from '@app/infrastructure';
import { EffectsDone } from '../effects-done';
import { JobQueue } from '../job-queue';
import { NotificationFacts } from './notification-facts';
import { noticeJob } from './notice-source';
import { dueNotices, noticeId } from './notices';

/**
 * Queues what time has made due (the daily review mail, reminders, update warnings, the weekly digest), every
 * `intervalMs` in the process that runs jobs. A round finds the same notices again until their moment passes: those
 * done are passed over, and the queue keeps one job per id, so each is sent once however many rounds or processes
 * find it.
 */
export class DueNoticeScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask | undefined;

  constructor(
    private readonly facts: NotificationFacts,
    private readonly queue: JobQueue,
    private readonly effects: EffectsDone,
    private readonly clock: Clock,
    intervalMs: number | undefined,
  ) {
    this.task =
      intervalMs === undefined
        ? undefined
        : new PeriodicTask(
            'Due notices',
            intervalMs,
            () => this.runDue(),
            new Logger(DueNoticeScheduler.name),
          );
  }

  onApplicationBootstrap(): void {
    this.task?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }

  /** Queues every notice due now and not yet done; answers how many. */
  async runDue(): Promise<number> {
    await this.facts.catchUp();
    let queued = 0;
    for (const notice of dueNotices(this.facts, this.clock.now())) {
      if (await this.effects.has(noticeId(notice))) continue;
      await this.queue.add(noticeJob(notice));
      queued++;
    }
    return queued;
  }
}

import { Clock } from '@app/application';
import { EffectsDone } from '../effects-done';
import { JobQueue } from '../job-queue';
import { NotificationFacts } from './notification-facts';
import { noticeJob } from './notice-source';
import { dueNotices, noticeId } from './notices';

/**
 * Queues what time has made due (the daily review mail, reminders, update warnings, the weekly digest): a schedule
 * every SCHEDULER_INTERVAL_MS. A round finds the same notices again until their moment passes: those done are passed
 * over, and the queue keeps one job per id, so each is sent once however many rounds or processes find it.
 */
export class DueNoticeScheduler {
  constructor(
    private readonly facts: NotificationFacts,
    private readonly queue: JobQueue,
    private readonly effects: EffectsDone,
    private readonly clock: Clock,
  ) {}

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

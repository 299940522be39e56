import type { RecordedEvent } from '@app/event-store';
import type { Job } from '../job-queue';
import { JobSource } from '../job-source';
import { NOTICE_MAIL } from './notice-mail.handler';
import { NotificationFacts } from './notification-facts';
import { Notice, noticeId, noticesForEvent } from './notices';

/** A notice as the job that sends it: its id is the notice's, so the same notice is queued once. */
export function noticeJob(notice: Notice): Job<Notice> {
  return { handler: NOTICE_MAIL, id: noticeId(notice), data: notice };
}

/** The submitting network's notices of each event, as jobs. */
export class NoticeSource extends JobSource {
  readonly name = 'notices';

  constructor(private readonly facts: NotificationFacts) {
    super();
  }

  async jobsFor(event: RecordedEvent): Promise<Job[]> {
    await this.facts.catchUp();
    return noticesForEvent(event, this.facts).map(noticeJob);
  }
}

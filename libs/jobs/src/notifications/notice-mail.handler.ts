import { Mailer, PersonalData } from '@app/application';
import { EffectsDone, once } from '../effects-done';
import type { JobHandler } from '../job-queue';
import { contentOf, NoticeLinks } from './notice-contents';
import { noticeMail } from './notice-mail';
import { NotificationFacts } from './notification-facts';
import { Notice, noticeId } from './notices';

export const NOTICE_MAIL = 'notice-mail';

/**
 * Sends one notice, once: the record of effects done is checked first and written after (`once`), so a job run again
 * (a retry, an event delivered twice, the same due item queued by another round or process) sends nothing more. The
 * address is opened at sending time, so a person erased meanwhile (their key shredded) is sent nothing.
 */
export class NoticeMailHandler implements JobHandler<Notice> {
  readonly name = NOTICE_MAIL;

  constructor(
    private readonly facts: NotificationFacts,
    private readonly personalData: PersonalData,
    private readonly mailer: Mailer,
    private readonly effects: EffectsDone,
    private readonly links: NoticeLinks,
  ) {}

  async run(notice: Notice): Promise<void> {
    // Recorded also when nothing was sent: a notice that no longer applied will not apply later either.
    await once(this.effects, noticeId(notice), async () => {
      await this.facts.catchUp();
      const to = await this.addressOf(notice);
      const content = to && contentOf(notice, this.facts, this.links);
      if (to && content) await this.mailer.send(noticeMail(to, content));
    });
  }

  private async addressOf(notice: Notice): Promise<string | undefined> {
    const sealed =
      notice.kind === 'digest'
        ? this.facts.subscribers.get(notice.subscriberId)?.sealed
        : this.facts.detailsOf(notice.personId);
    if (!sealed) return undefined;
    const details = await this.personalData.open<{ email: string }>(sealed);
    return 'email' in details ? details.email : undefined;
  }
}

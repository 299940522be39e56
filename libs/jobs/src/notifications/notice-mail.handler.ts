import { FORGOTTEN, Mailer, PersonalData } from '@app/application';
import type { SealedPersonal } from '@app/application';
import type { JobHandler } from '../job-queue';
import { contentOf, NoticeLinks } from './notice-contents';
import { noticeMail } from './notice-mail';
import { NotificationFacts } from './notification-facts';
import { Notice, noticeId } from './notices';
import { SentNotices } from './sent-notices';

export const NOTICE_MAIL = 'notice-mail';

/**
 * Sends one notice, once: the record of notices done is checked first and written after. A crash between the
 * sending and the record sends it again on the retry (at least once, as mail is); nothing else does. The address is
 * opened at sending time, so a person erased meanwhile (their key shredded) is sent nothing.
 */
export class NoticeMailHandler implements JobHandler<Notice> {
  readonly name = NOTICE_MAIL;

  constructor(
    private readonly facts: NotificationFacts,
    private readonly personalData: PersonalData,
    private readonly mailer: Mailer,
    private readonly sent: SentNotices,
    private readonly links: NoticeLinks,
  ) {}

  async run(notice: Notice): Promise<void> {
    const id = noticeId(notice);
    if (await this.sent.has(id)) return;
    await this.facts.catchUp();
    const to = await this.addressOf(notice);
    const content = to && contentOf(notice, this.facts, this.links);
    if (to && content) await this.mailer.send(noticeMail(to, content));
    // Recorded also when nothing was sent: a notice that no longer applied will not apply later either.
    await this.sent.record(id);
  }

  private async addressOf(notice: Notice): Promise<string | undefined> {
    const sealed =
      notice.kind === 'digest'
        ? this.facts.subscribers.get(notice.subscriberId)?.sealed
        : this.facts.detailsOf(notice.personId);
    if (!sealed) return undefined;
    const details = await this.personalData.open<{ email: string }>(sealed as SealedPersonal);
    return details === FORGOTTEN ? undefined : (details as { email: string }).email;
  }
}

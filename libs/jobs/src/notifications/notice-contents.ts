import { DAY_MS } from '@app/domain';
import type { NoticeContent } from './notice-mail';
import type { NotificationFacts } from './notification-facts';
import {
  enteredReviewOn,
  flaggedAt,
  Notice,
  PracticeUpdate,
  publishedInWeek,
  REMINDER_DAYS,
  yetToReview,
} from './notices';

/** Where mails link to: the pages under the public base URL, and a subscriber's unsubscribe links. */
export interface NoticeLinks {
  publicUrl: string;
  unsubscribeTokenFor(subscriberId: string): string;
}

type Of<K extends Notice['kind']> = Extract<Notice, { kind: K }>;
type Writer<N extends Notice> = (
  notice: N,
  facts: NotificationFacts,
  url: string,
  links: NoticeLinks,
) => NoticeContent | undefined;

const date = (at: string | Date) =>
  new Date(at).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

const UPDATE_SUBJECTS: Record<PracticeUpdate, (title: string) => string> = {
  ReviewRecorded: (title) => `A Steering Group seat has reviewed "${title}"`,
  ChangesRequested: (title) => `The Steering Group asks for changes to "${title}"`,
  PracticeApproved: (title) => `"${title}" has been approved`,
  PracticeRejected: (title) => `"${title}" has been rejected by the Steering Group`,
  PracticePublished: (title) => `"${title}" is published in the public catalogue`,
};

const VERDICTS: Record<string, string> = {
  approve: 'approve',
  request_changes: 'request changes',
  reject: 'reject',
};

const WHY_SEAT =
  'You receive this because you hold your network’s seat on the Connect & Share Steering Group.';
const WHY_SUBMITTER = 'You receive this because you submitted this material or coordinate its network.';
const WHY_COORDINATOR = 'You receive this as a coordinator of your network on Connect & Share.';

const seatOf = (facts: NotificationFacts, personId: string) =>
  facts.seatHolders().find((seat) => seat.personId === personId);

const reviewRequested: Writer<Of<'review-requested'>> = (notice, facts, url) => {
  const seat = seatOf(facts, notice.personId);
  const items = seat ? enteredReviewOn(facts, new Date(notice.day), seat.networkId) : [];
  if (items.length === 0) return undefined;
  return {
    subject: `New material to review (${date(notice.day)})`,
    paragraphs: [`This material entered review on ${date(notice.day)} and awaits your network’s review:`],
    items: items.map(({ state, title }) => ({ title, url: `${url}/review/${state.practiceId}` })),
    action: { label: 'Your review queue', url: `${url}/review` },
    footer: [WHY_SEAT],
  };
};

const practiceUpdate: Writer<Of<'practice-update'>> = (notice, facts, url) => {
  const practice = facts.practices.get(notice.practiceId);
  if (!practice) return undefined;
  const subject = UPDATE_SUBJECTS[notice.update](practice.title);
  const verdict = notice.verdict && VERDICTS[notice.verdict];
  return {
    subject,
    paragraphs: [
      `${subject}.`,
      ...(verdict ? [`Verdict: ${verdict}.`] : []),
      ...(notice.comment ? [`Comment: ${notice.comment}`] : []),
    ],
    action:
      notice.update === 'PracticePublished'
        ? { label: 'See it in the catalogue', url: `${url}/practices/${notice.practiceId}` }
        : { label: 'Your network’s material', url: `${url}/my-network` },
    footer: [WHY_SUBMITTER],
  };
};

/** The review window's and lazy consensus's reminders: to a seat whose network still has not reviewed the round. */
const roundClosing: Writer<Of<'review-window-closing' | 'lazy-consensus-closing'>> = (notice, facts, url) => {
  const practice = facts.practices.get(notice.practiceId);
  const stillDue =
    practice?.state.round === notice.round &&
    yetToReview(facts, notice.practiceId).some((seat) => seat.personId === notice.personId);
  if (!practice || !stillDue) return undefined;
  const { reviewWindowDays, lazyConsensusDays = 0 } = facts.policy;
  const window = notice.kind === 'review-window-closing';
  const opened = Date.parse(practice.state.roundOpenedAt!);
  const ends = new Date(opened + (window ? reviewWindowDays : lazyConsensusDays) * DAY_MS);
  const title = practice.title;
  return {
    subject: window
      ? `Reminder: the review window for "${title}" ends on ${date(ends)}`
      : `Reminder: "${title}" will be approved by lazy consensus on ${date(ends)}`,
    paragraphs: [
      window
        ? `Your network has not yet reviewed "${title}". Its review window ends on ${date(ends)}, ` +
          `${REMINDER_DAYS.reviewWindow} days from now.`
        : `"${title}" has approval and no objection. Unless a seat requests changes or rejects it, it will ` +
          `be approved by lazy consensus on ${date(ends)}.`,
    ],
    action: { label: 'Review it', url: `${url}/review/${notice.practiceId}` },
    footer: [WHY_SEAT],
  };
};

const motionClosing: Writer<Of<'motion-closing'>> = (notice, facts, url) => {
  const motion = facts.motions.get(notice.motionId);
  const seat = seatOf(facts, notice.personId);
  if (motion?.status !== 'open' || !seat || motion.votes[seat.networkId] !== undefined) return undefined;
  const closes = date(motion.closesAt!);
  return {
    subject: `Reminder: a motion closes on ${closes}; your network has not voted`,
    paragraphs: [
      `The motion to ${motion.decision!.kind.replace(/-/g, ' ')} closes on ${closes}. ` +
        'Your network has not voted on it yet.',
    ],
    action: { label: 'Vote on it', url: `${url}/motions` },
    footer: [WHY_SEAT],
  };
};

/** The warning and the flag: only while the flag date is the one the notice was for (a submission moves it). */
const regularUpdate: Writer<Of<'update-due' | 'update-overdue'>> = (notice, facts, url) => {
  const active = facts.networks.get(notice.networkId)?.state.status === 'active';
  const flagAt = active ? flaggedAt(facts, notice.networkId) : undefined;
  if (flagAt?.toISOString() !== notice.flagAt) return undefined;
  if (!facts.coordinatorsOf(notice.networkId).includes(notice.personId)) return undefined;
  const days = facts.policy.updateIntervalDays;
  const action = { label: 'Contribute practice', url: `${url}/contribute` };
  return notice.kind === 'update-due'
    ? {
        subject: `Your network will be flagged for no submission on ${date(flagAt)}`,
        paragraphs: [
          `Networks share new practice at least every ${days} days. Unless your network submits material ` +
            `before ${date(flagAt)}, the Steering Group’s dashboard will flag it.`,
        ],
        action,
        footer: [WHY_COORDINATOR],
      }
    : {
        subject: 'Your network is flagged for no submission',
        paragraphs: [
          `Your network has submitted no material for ${days} days, so the Steering Group’s dashboard now ` +
            'flags it. A submission clears the flag.',
        ],
        action,
        footer: [WHY_COORDINATOR],
      };
};

const digest: Writer<Of<'digest'>> = (notice, facts, url, links) => {
  const subscriber = facts.subscribers.get(notice.subscriberId);
  const published = publishedInWeek(facts, new Date(notice.weekOf));
  if (subscriber?.state.status !== 'confirmed' || published.length === 0) return undefined;
  const token = links.unsubscribeTokenFor(notice.subscriberId);
  const oneClick = `${url}/api/v1/subscriptions/unsubscribe/one-click?token=${token}`;
  return {
    subject: `New in the Connect & Share catalogue, week of ${date(notice.weekOf)}`,
    paragraphs: [`Practice published in the week of ${date(notice.weekOf)}:`],
    items: published.map((practiceId) => ({
      title: facts.practices.get(practiceId)!.title,
      url: `${url}/practices/${practiceId}`,
    })),
    footer: [
      'You receive this weekly because you subscribed to updates from Connect & Share.',
      `To stop them: ${url}/subscribe/unsubscribe?token=${token}`,
    ],
    // RFC 8058: a mail client may unsubscribe with one POST to the https URI, no page, no session.
    headers: { 'List-Unsubscribe': `<${oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
};

const WRITERS: { [K in Notice['kind']]: Writer<Of<K>> } = {
  'review-requested': reviewRequested,
  'practice-update': practiceUpdate,
  'review-window-closing': roundClosing,
  'lazy-consensus-closing': roundClosing,
  'motion-closing': motionClosing,
  'update-due': regularUpdate,
  'update-overdue': regularUpdate,
  digest,
};

/**
 * What a notice says, from the facts as they are when it is sent; nothing (`undefined`) when it no longer applies:
 * the recipient lost their seat, voted or reviewed meanwhile, the material left review, a submission came.
 */
export function contentOf(
  notice: Notice,
  facts: NotificationFacts,
  links: NoticeLinks,
): NoticeContent | undefined {
  const write = WRITERS[notice.kind] as Writer<Notice>;
  return write(notice, facts, links.publicUrl, links);
}

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

const date = (at: string | Date) =>
  new Date(at).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

const UPDATE_WORDS: Record<PracticeUpdate, (title: string) => string> = {
  ReviewRecorded: (title) => `A Steering Group seat has reviewed "${title}".`,
  ChangesRequested: (title) => `The Steering Group asks for changes to "${title}" before it can be approved.`,
  PracticeApproved: (title) => `"${title}" has been approved.`,
  PracticeRejected: (title) => `"${title}" has been rejected by the Steering Group.`,
  PracticePublished: (title) => `"${title}" is published in the public catalogue.`,
};

const VERDICTS: Record<string, string> = {
  approve: 'approve',
  request_changes: 'request changes',
  reject: 'reject',
};

const WHY_SEAT =
  'You receive this because you hold your network’s seat on the Connect & Share Steering Group.';
const WHY_COORDINATOR = 'You receive this as a coordinator of your network on Connect & Share.';

/**
 * What a notice says, from the facts as they are when it is sent; nothing (`undefined`) when it no longer applies:
 * the recipient lost their seat, voted, or reviewed meanwhile, the material left review.
 */
export function contentOf(
  notice: Notice,
  facts: NotificationFacts,
  links: NoticeLinks,
): NoticeContent | undefined {
  const url = links.publicUrl;
  const seatOf = (personId: string) => facts.seatHolders().find((seat) => seat.personId === personId);
  switch (notice.kind) {
    case 'review-requested': {
      const seat = seatOf(notice.personId);
      const items = seat ? enteredReviewOn(facts, new Date(notice.day), seat.networkId) : [];
      if (items.length === 0) return undefined;
      return {
        subject: `New material to review (${date(notice.day)})`,
        paragraphs: [`This material entered review on ${date(notice.day)} and awaits your network’s review:`],
        items: items.map(({ state, title }) => ({ title, url: `${url}/review/${state.practiceId}` })),
        action: { label: 'Your review queue', url: `${url}/review` },
        footer: [WHY_SEAT],
      };
    }
    case 'practice-update': {
      const practice = facts.practices.get(notice.practiceId);
      if (!practice) return undefined;
      const verdict = notice.verdict && VERDICTS[notice.verdict];
      return {
        subject: `${UPDATE_WORDS[notice.update](practice.title).replace(/\.$/, '')}`,
        paragraphs: [
          UPDATE_WORDS[notice.update](practice.title),
          ...(verdict ? [`Verdict: ${verdict}.`] : []),
          ...(notice.comment ? [`Comment: ${notice.comment}`] : []),
        ],
        action:
          notice.update === 'PracticePublished'
            ? { label: 'See it in the catalogue', url: `${url}/practices/${notice.practiceId}` }
            : { label: 'Your network’s material', url: `${url}/my-network` },
        footer: ['You receive this because you submitted this material or coordinate its network.'],
      };
    }
    case 'review-window-closing':
    case 'lazy-consensus-closing': {
      const practice = facts.practices.get(notice.practiceId);
      const stillDue =
        practice?.state.round === notice.round &&
        yetToReview(facts, notice.practiceId).some((seat) => seat.personId === notice.personId);
      if (!practice || !stillDue) return undefined;
      const { reviewWindowDays, lazyConsensusDays = 0 } = facts.policy;
      const window = notice.kind === 'review-window-closing';
      const ends = new Date(
        new Date(practice.state.roundOpenedAt!).getTime() +
          (window ? reviewWindowDays : lazyConsensusDays) * DAY_MS,
      );
      return {
        subject: window
          ? `Reminder: the review window for "${practice.title}" ends on ${date(ends)}`
          : `Reminder: "${practice.title}" will be approved by lazy consensus on ${date(ends)}`,
        paragraphs: window
          ? [
              `Your network has not yet reviewed "${practice.title}". Its review window ends on ${date(ends)}, ` +
                `${REMINDER_DAYS.reviewWindow} days from now.`,
            ]
          : [
              `"${practice.title}" has approval and no objection. Unless a seat requests changes or rejects it, ` +
                `it will be approved by lazy consensus on ${date(ends)}.`,
            ],
        action: { label: 'Review it', url: `${url}/review/${notice.practiceId}` },
        footer: [WHY_SEAT],
      };
    }
    case 'motion-closing': {
      const motion = facts.motions.get(notice.motionId);
      const seat = seatOf(notice.personId);
      if (motion?.status !== 'open' || !seat || motion.votes[seat.networkId] !== undefined) return undefined;
      return {
        subject: `Reminder: a motion closes on ${date(motion.closesAt!)}; your network has not voted`,
        paragraphs: [
          `The motion to ${motion.decision!.kind.replace(/-/g, ' ')} closes on ${date(motion.closesAt!)}. ` +
            'Your network has not voted on it yet.',
        ],
        action: { label: 'Vote on it', url: `${url}/motions` },
        footer: [WHY_SEAT],
      };
    }
    case 'update-due':
    case 'update-overdue': {
      const network = facts.networks.get(notice.networkId);
      const flagAt = network?.state.status === 'active' ? flaggedAt(facts, notice.networkId) : undefined;
      // A submission since moved the date on: this notice is about a flag that will not come.
      if (!flagAt || flagAt.toISOString() !== notice.flagAt) return undefined;
      if (!facts.coordinatorsOf(notice.networkId).includes(notice.personId)) return undefined;
      const days = facts.policy.updateIntervalDays;
      return notice.kind === 'update-due'
        ? {
            subject: `Your network will be flagged for no submission on ${date(flagAt)}`,
            paragraphs: [
              `Networks share new practice at least every ${days} days. Unless your network submits material ` +
                `before ${date(flagAt)}, the Steering Group’s dashboard will flag it.`,
            ],
            action: { label: 'Contribute practice', url: `${url}/contribute` },
            footer: [WHY_COORDINATOR],
          }
        : {
            subject: 'Your network is flagged for no submission',
            paragraphs: [
              `Your network has submitted no material for ${days} days, so the Steering Group’s dashboard ` +
                'now flags it. A submission clears the flag.',
            ],
            action: { label: 'Contribute practice', url: `${url}/contribute` },
            footer: [WHY_COORDINATOR],
          };
    }
    case 'digest': {
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
        headers: {
          'List-Unsubscribe': `<${oneClick}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      };
    }
  }
}

import { DAY_MS } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { NotificationFacts } from './notification-facts';

/** What the submitting network is told of, by the event that says it. */
export const PRACTICE_UPDATES = [
  'ReviewRecorded',
  'ChangesRequested',
  'PracticeApproved',
  'PracticeRejected',
  'PracticePublished',
] as const;
export type PracticeUpdate = (typeof PRACTICE_UPDATES)[number];

/** How long before each deadline its reminder goes out. */
export const REMINDER_DAYS = { reviewWindow: 3, lazyConsensus: 2, motion: 2, regularUpdate: 14 } as const;

/**
 * One mail to one recipient about one thing. Each is sent at most once: its id (kind, what it is about, recipient)
 * is the job's id and the key of the record of mail sent.
 */
export type Notice =
  /** Seat holders: what entered review on `day` (UTC), in one mail the day after. */
  | { kind: 'review-requested'; personId: string; day: string }
  | {
      kind: 'practice-update';
      personId: string;
      eventId: string;
      update: PracticeUpdate;
      practiceId: string;
      verdict?: string;
      comment?: string;
    }
  | { kind: 'review-window-closing'; personId: string; practiceId: string; round: number }
  | { kind: 'lazy-consensus-closing'; personId: string; practiceId: string; round: number }
  | { kind: 'motion-closing'; personId: string; motionId: string }
  /** Coordinators: `flagAt` is when the network is flagged for no submission. */
  | { kind: 'update-due'; personId: string; networkId: string; flagAt: string }
  | { kind: 'update-overdue'; personId: string; networkId: string; flagAt: string }
  /** Confirmed subscribers: what was published in the ISO week starting `weekOf` (a Monday, UTC). */
  | { kind: 'digest'; subscriberId: string; weekOf: string };

/** Stable for the same mail; no `:` (BullMQ keeps that for its own keys). */
export function noticeId(notice: Notice): string {
  const recipient = notice.kind === 'digest' ? notice.subscriberId : notice.personId;
  const about = (() => {
    switch (notice.kind) {
      case 'review-requested':
        return notice.day;
      case 'practice-update':
        return notice.eventId;
      case 'review-window-closing':
      case 'lazy-consensus-closing':
        return `${notice.practiceId}.${notice.round}`;
      case 'motion-closing':
        return notice.motionId;
      case 'update-due':
      case 'update-overdue':
        return `${notice.networkId}.${notice.flagAt.replace(/:/g, '')}`;
      case 'digest':
        return notice.weekOf;
    }
  })();
  return `notice.${notice.kind}.${about}.${recipient}`;
}

/**
 * The submitting network's notices of an event: to whoever submitted the version in the workflow and the
 * network's coordinators, once each.
 */
export function noticesForEvent(event: RecordedEvent, facts: NotificationFacts): Notice[] {
  if (!(PRACTICE_UPDATES as readonly string[]).includes(event.type)) return [];
  const data = event.data as { practiceId: string; verdict?: string; comment?: string };
  const practice = facts.practices.get(data.practiceId);
  if (!practice) return [];
  const recipients = new Set([practice.submittedBy, ...facts.coordinatorsOf(practice.state.networkId!)]);
  return [...recipients].map((personId) => ({
    kind: 'practice-update',
    personId,
    eventId: event.id,
    update: event.type as PracticeUpdate,
    practiceId: data.practiceId,
    ...(event.type === 'ReviewRecorded' ? { verdict: data.verdict, comment: data.comment } : {}),
  }));
}

const DAY_LOOKBACK = 7;

/** Everything time has made due by `now`; a notice whose moment has passed unsent (the service was down) is not. */
export function dueNotices(facts: NotificationFacts, now: Date): Notice[] {
  return [
    ...reviewRequests(facts, now),
    ...roundReminders(facts, now),
    ...motionReminders(facts, now),
    ...updateReminders(facts, now),
    ...digests(facts, now),
  ];
}

const startOfDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
const day = (at: Date) => at.toISOString().slice(0, 10);
const plusDays = (at: string | Date, days: number) => new Date(new Date(at).getTime() + days * DAY_MS);
const within = (now: Date, from: Date, until: Date) => now >= from && now < until;

/** Material awaiting review that entered it on `day`, that `networkId`'s seat may review. */
export function enteredReviewOn(facts: NotificationFacts, dayStart: Date, networkId: string) {
  const dayEnd = plusDays(dayStart, 1);
  return [...facts.practices.values()].filter(({ state }) => {
    const opened = state.roundOpenedAt ? new Date(state.roundOpenedAt) : undefined;
    return (
      ['submitted', 'in_review'].includes(state.status) &&
      state.networkId !== networkId &&
      opened !== undefined &&
      within(opened, dayStart, dayEnd)
    );
  });
}

/** One notice a seat holder a day, for each of the last days (not today: it is not over) with material for them. */
function reviewRequests(facts: NotificationFacts, now: Date): Notice[] {
  const today = startOfDay(now);
  const notices: Notice[] = [];
  for (let back = 1; back <= DAY_LOOKBACK; back++) {
    const dayStart = plusDays(today, -back);
    for (const { personId, networkId } of facts.seatHolders())
      if (enteredReviewOn(facts, dayStart, networkId).length > 0)
        notices.push({ kind: 'review-requested', personId, day: day(dayStart) });
  }
  return notices;
}

/** Seat holders whose network may still review the practice's round and has not. */
export function yetToReview(facts: NotificationFacts, practiceId: string) {
  const { state } = facts.practices.get(practiceId)!;
  return facts.seatHolders(state.networkId).filter(({ networkId }) => state.reviews[networkId] === undefined);
}

function roundReminders(facts: NotificationFacts, now: Date): Notice[] {
  const { reviewWindowDays, lazyConsensusDays } = facts.policy;
  const notices: Notice[] = [];
  for (const [practiceId, { state }] of facts.practices) {
    if (!['submitted', 'in_review'].includes(state.status) || !state.roundOpenedAt) continue;
    const { round, roundOpenedAt } = state;
    const windowEnds = plusDays(roundOpenedAt, reviewWindowDays);
    if (within(now, plusDays(windowEnds, -REMINDER_DAYS.reviewWindow), windowEnds))
      for (const { personId } of yetToReview(facts, practiceId))
        notices.push({ kind: 'review-window-closing', personId, practiceId, round });
    const verdicts = Object.values(state.reviews);
    const unopposed = verdicts.includes('approve') && verdicts.every((verdict) => verdict === 'approve');
    if (lazyConsensusDays === undefined || !unopposed) continue;
    const concludes = plusDays(roundOpenedAt, lazyConsensusDays);
    if (within(now, plusDays(concludes, -REMINDER_DAYS.lazyConsensus), concludes))
      for (const { personId } of yetToReview(facts, practiceId))
        notices.push({ kind: 'lazy-consensus-closing', personId, practiceId, round });
  }
  return notices;
}

function motionReminders(facts: NotificationFacts, now: Date): Notice[] {
  const notices: Notice[] = [];
  for (const [motionId, motion] of facts.motions) {
    if (motion.status !== 'open' || !motion.closesAt) continue;
    const closes = new Date(motion.closesAt);
    if (!within(now, plusDays(closes, -REMINDER_DAYS.motion), closes)) continue;
    for (const { personId, networkId } of facts.seatHolders())
      if (motion.votes[networkId] === undefined) notices.push({ kind: 'motion-closing', personId, motionId });
  }
  return notices;
}

/**
 * When an active network is flagged for no submission, as the dashboard flags it: more than the policy's
 * `updateIntervalDays` after its last submission, or its enrolment if it never submitted.
 */
export function flaggedAt(facts: NotificationFacts, networkId: string): Date {
  const network = facts.networks.get(networkId)!;
  return plusDays(network.lastSubmissionAt ?? network.enrolledAt, facts.policy.updateIntervalDays);
}

function updateReminders(facts: NotificationFacts, now: Date): Notice[] {
  const notices: Notice[] = [];
  for (const [networkId, { state }] of facts.networks) {
    if (state.status !== 'active') continue;
    const flagAt = flaggedAt(facts, networkId);
    const kind =
      now > flagAt
        ? 'update-overdue'
        : within(now, plusDays(flagAt, -REMINDER_DAYS.regularUpdate), flagAt)
          ? 'update-due'
          : undefined;
    if (kind)
      for (const personId of facts.coordinatorsOf(networkId))
        notices.push({ kind, personId, networkId, flagAt: flagAt.toISOString() });
  }
  return notices;
}

/** The Monday (UTC) starting the ISO week `at` is in. */
export function weekOf(at: Date): Date {
  const today = startOfDay(at);
  return plusDays(today, -((today.getUTCDay() + 6) % 7));
}

/** What was published in the week starting `monday` and is published still. */
export function publishedInWeek(facts: NotificationFacts, monday: Date): string[] {
  const end = plusDays(monday, 7);
  const ids = facts.publications
    .filter(({ publishedAt }) => within(new Date(publishedAt), monday, end))
    .map(({ practiceId }) => practiceId)
    .filter((practiceId) => {
      const state = facts.practices.get(practiceId)?.state;
      return state?.publishedVersion !== undefined && !['withdrawn', 'retired'].includes(state.status);
    });
  return [...new Set(ids)];
}

/** The digest of last week, once it is over, to each confirmed subscriber; none for a week without news. */
function digests(facts: NotificationFacts, now: Date): Notice[] {
  const lastWeek = plusDays(weekOf(now), -7);
  if (publishedInWeek(facts, lastWeek).length === 0) return [];
  return [...facts.subscribers]
    .filter(([, { state }]) => state.status === 'confirmed')
    .map(([subscriberId]) => ({ kind: 'digest', subscriberId, weekOf: day(lastWeek) }));
}

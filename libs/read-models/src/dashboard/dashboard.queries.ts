import type Database from 'better-sqlite3';
import { type ApprovalPolicy, DAY_MS, DEFAULT_APPROVAL_POLICY, median, periodSpan } from '@app/domain';
import type { AuthorityRegister } from '@app/reference-data';
import type { UnansweredSearch, UnansweredSearches } from '../searches/unanswered-searches';
import { quarterOf } from './dashboard.projection';

/** How many unanswered searches the dashboard lists. */
const TOP_SEARCHES = 10;

/** Exact days from an ISO time to `now`. */
const daysSince = (from: string, now: Date) => (now.getTime() - Date.parse(from)) / DAY_MS;
/** Days are shown to one decimal place; flags are decided on the exact figure. */
const oneDecimal = (days: number) => Math.round(days * 10) / 10;

export interface ReviewQueueItem {
  practiceId: string;
  networkId: string;
  title: string;
  round: number;
  /** When the current round opened: a revision starts the wait afresh. */
  openedAt: string;
  ageDays: number;
  /** Waiting longer than the policy's `reviewWindowDays`. */
  overdue: boolean;
}

export interface Dashboard {
  asOf: string;
  policy: ApprovalPolicy;
  reviewQueue: { count: number; overdue: number; reviewWindowDays: number; items: ReviewQueueItem[] };
  decisions: {
    approved: { total: number; quorum: number; lazyConsensus: number };
    rejected: number;
    /** From the round's opening to its decision, over every decision; null before the first. */
    medianDaysToDecision: number | null;
    /** Decisions per quarter they were made in, oldest first: the decisions over time. */
    byQuarter: Array<{ quarter: string; approved: number; rejected: number }>;
  };
  activity: Array<{
    networkId: string;
    quarter: string;
    submissions: number;
    revisions: number;
    publications: number;
  }>;
  updateStatus: {
    updateIntervalDays: number;
    flagged: number;
    networks: Array<{
      networkId: string;
      name: string;
      status: string;
      enrolledAt: string;
      lastSubmissionAt: string | null;
      daysSinceLastSubmission: number | null;
      flagged: boolean;
    }>;
  };
  priorities: {
    period: string;
    /** Whether publications are counted within the period (a year or a quarter) or all of them (any other name). */
    counted: 'within-period' | 'all-published';
    themes: Array<{ theme: string; published: number }>;
    covered: number;
    total: number;
    coverage: number;
  } | null;
  seats: {
    filled: number;
    vacant: number;
    vacantNetworks: string[];
    openMotions: { count: number; items: Array<{ motionId: string; kind: string; closesAt: string }> };
  };
  reach: {
    contributingNetworks: string[];
    authorities: string[];
    authorityCount: number;
    /** Annual totals in pounds: those of the authorities named, and of the whole register. */
    annualFunding: { represented: number; register: number };
    fundingShare: number;
    /** The register's amounts are the same for each of these years, so the share is that of any one of them. */
    taxYears: string[];
  };
  unansweredSearches: { total: number; top: UnansweredSearch[] };
}

/** The approval policy in force: the last one a motion set, else the scheme's default. */
export function policyInForce(db: Database.Database): ApprovalPolicy {
  const row = db.prepare('SELECT * FROM dashboard_policy WHERE id = 1').get() as
    | {
        version: number;
        quorum: number;
        review_window_days: number;
        lazy_consensus_days: number | null;
        update_interval_days: number;
      }
    | undefined;
  if (!row) return DEFAULT_APPROVAL_POLICY;
  return {
    version: row.version,
    quorum: row.quorum,
    reviewWindowDays: row.review_window_days,
    updateIntervalDays: row.update_interval_days,
    ...(row.lazy_consensus_days === null ? {} : { lazyConsensusDays: row.lazy_consensus_days }),
  };
}

/**
 * Items awaiting review (submitted or in review), oldest round first. With `reviewer`, only those that network's
 * seat may review now: another network's, and not yet reviewed by it in the current round.
 */
function awaitingReview(
  db: Database.Database,
  now: Date,
  reviewWindowDays: number,
  reviewer: string | null,
): ReviewQueueItem[] {
  const rows = db
    .prepare(
      `SELECT p.practice_id, p.network_id, p.title, p.round, p.round_opened_at FROM dashboard_practices p
        WHERE p.state IN ('submitted', 'in_review')
          AND (@reviewer IS NULL OR (p.network_id <> @reviewer AND NOT EXISTS (
                SELECT 1 FROM dashboard_reviews r
                 WHERE r.practice_id = p.practice_id AND r.round = p.round AND r.network_id = @reviewer)))
        ORDER BY p.round_opened_at, p.practice_id`,
    )
    .all({ reviewer }) as Array<{
    practice_id: string;
    network_id: string;
    title: string;
    round: number;
    round_opened_at: string;
  }>;
  return rows.map((row) => {
    const age = daysSince(row.round_opened_at, now);
    return {
      practiceId: row.practice_id,
      networkId: row.network_id,
      title: row.title,
      round: row.round,
      openedAt: row.round_opened_at,
      ageDays: oneDecimal(age),
      overdue: age > reviewWindowDays,
    };
  });
}

/** `GET /review-queue`: what `networkId`'s seat holder may review now, oldest first. */
export function reviewQueueFor(
  db: Database.Database,
  networkId: string,
  now: Date,
): { reviewWindowDays: number; items: ReviewQueueItem[] } {
  const { reviewWindowDays } = policyInForce(db);
  return { reviewWindowDays, items: awaitingReview(db, now, reviewWindowDays, networkId) };
}

export { median, periodSpan };

function decisions(db: Database.Database): Dashboard['decisions'] {
  const rows = db
    .prepare('SELECT outcome, approved_by, opened_at, decided_at FROM dashboard_decisions')
    .all() as Array<{
    outcome: 'approved' | 'rejected';
    approved_by: 'quorum' | 'lazy-consensus' | null;
    opened_at: string;
    decided_at: string;
  }>;
  const approved = rows.filter((row) => row.outcome === 'approved');
  const durations = rows.map((row) => (Date.parse(row.decided_at) - Date.parse(row.opened_at)) / DAY_MS);
  const middle = median(durations);
  return {
    approved: {
      total: approved.length,
      quorum: approved.filter((row) => row.approved_by === 'quorum').length,
      lazyConsensus: approved.filter((row) => row.approved_by === 'lazy-consensus').length,
    },
    rejected: rows.length - approved.length,
    medianDaysToDecision: middle === null ? null : oneDecimal(middle),
    byQuarter: decisionsByQuarter(rows),
  };
}

function decisionsByQuarter(
  rows: Array<{ outcome: 'approved' | 'rejected'; decided_at: string }>,
): Dashboard['decisions']['byQuarter'] {
  const quarters = new Map<string, { quarter: string; approved: number; rejected: number }>();
  for (const { outcome, decided_at } of rows) {
    const quarter = quarterOf(decided_at);
    const counts = quarters.get(quarter) ?? { quarter, approved: 0, rejected: 0 };
    counts[outcome] += 1;
    quarters.set(quarter, counts);
  }
  return [...quarters.values()].sort((a, b) => a.quarter.localeCompare(b.quarter));
}

/** One item of a network's own material, in whatever state it is. */
export interface NetworkMaterialItem {
  practiceId: string;
  title: string;
  /** As the workflow names it: `in_review`, `changes_requested`, `approved`, `published`, `rejected`, … */
  state: string;
  round: number;
  submittedAt: string;
  roundOpenedAt: string;
  /** Set while a version of it is public, also while a revision of it is in review. */
  publishedAt: string | null;
}

/** A network's own material in every state, the latest round first: what its members follow. */
export function networkMaterial(db: Database.Database, networkId: string): NetworkMaterialItem[] {
  return db
    .prepare(
      `SELECT practice_id AS practiceId, title, state, round, submitted_at AS submittedAt,
         round_opened_at AS roundOpenedAt, published_at AS publishedAt
       FROM dashboard_practices WHERE network_id = ? ORDER BY round_opened_at DESC, practice_id`,
    )
    .all(networkId) as NetworkMaterialItem[];
}

/**
 * A network is flagged when it is active and its last submission (a new item or a new version) is more than
 * the policy's `updateIntervalDays` old; one that never submitted is flagged once it has been enrolled that long. Suspended
 * and departed networks cannot submit, so they are listed but never flagged.
 */
function updateStatus(
  db: Database.Database,
  now: Date,
  updateIntervalDays: number,
): Dashboard['updateStatus'] {
  const rows = db
    .prepare(
      'SELECT network_id, name, status, enrolled_at, last_submission_at FROM dashboard_networks ORDER BY network_id',
    )
    .all() as Array<{
    network_id: string;
    name: string;
    status: string;
    enrolled_at: string;
    last_submission_at: string | null;
  }>;
  const networks = rows.map((row) => ({
    networkId: row.network_id,
    name: row.name,
    status: row.status,
    enrolledAt: row.enrolled_at,
    lastSubmissionAt: row.last_submission_at,
    daysSinceLastSubmission:
      row.last_submission_at === null ? null : oneDecimal(daysSince(row.last_submission_at, now)),
    flagged:
      row.status === 'active' &&
      daysSince(row.last_submission_at ?? row.enrolled_at, now) > updateIntervalDays,
  }));
  return {
    updateIntervalDays,
    flagged: networks.filter((network) => network.flagged).length,
    networks,
  };
}

/**
 * Each priority theme's count of published items carrying it (the published version's themes). For a period named
 * as a year or a quarter, only items whose published version came out within it count; for any other name (the
 * motion's period is free text) every published item does.
 */
function priorities(db: Database.Database): Dashboard['priorities'] {
  const set = db.prepare('SELECT period, themes FROM dashboard_priorities WHERE id = 1').get() as
    { period: string; themes: string } | undefined;
  if (!set) return null;
  const span = periodSpan(set.period);
  const published = (
    db
      .prepare(
        `SELECT published_themes FROM dashboard_practices
          WHERE published_at IS NOT NULL AND (@from IS NULL OR (published_at >= @from AND published_at < @to))`,
      )
      .all({ from: span?.from ?? null, to: span?.to ?? null }) as Array<{ published_themes: string }>
  ).map((row) => JSON.parse(row.published_themes) as string[]);
  const themes = (JSON.parse(set.themes) as string[]).map((theme) => ({
    theme,
    published: published.filter((carried) => carried.includes(theme)).length,
  }));
  const covered = themes.filter((theme) => theme.published > 0).length;
  return {
    period: set.period,
    counted: span ? 'within-period' : 'all-published',
    themes,
    covered,
    total: themes.length,
    coverage: covered / themes.length,
  };
}

/** Seats of active networks (filled or vacant), and the motions still open, soonest to close first. */
function seats(db: Database.Database): Dashboard['seats'] {
  const active = db
    .prepare(
      `SELECT network_id, seat_filled FROM dashboard_networks WHERE status = 'active' ORDER BY network_id`,
    )
    .all() as Array<{ network_id: string; seat_filled: number }>;
  const vacantNetworks = active.filter((row) => row.seat_filled === 0).map((row) => row.network_id);
  const items = (
    db
      .prepare('SELECT motion_id, kind, closes_at FROM dashboard_open_motions ORDER BY closes_at, motion_id')
      .all() as Array<{
      motion_id: string;
      kind: string;
      closes_at: string;
    }>
  ).map((row) => ({ motionId: row.motion_id, kind: row.kind, closesAt: row.closes_at }));
  return {
    filled: active.length - vacantNetworks.length,
    vacant: vacantNetworks.length,
    vacantNetworks,
    openMotions: { count: items.length, items },
  };
}

/**
 * The authorities named by contributing networks (those with material published now) and their share of the
 * register's annual funding: the sum of their annual totals over the sum of every entry's. An entry whose total is
 * words (funded through CRSTS or its combined authority) adds nothing, so no pound is counted twice.
 */
function reach(db: Database.Database, register: AuthorityRegister): Dashboard['reach'] {
  const rows = db
    .prepare(
      `SELECT n.network_id, n.authorities FROM dashboard_networks n
        WHERE EXISTS (SELECT 1 FROM dashboard_practices p WHERE p.network_id = n.network_id AND p.published_at IS NOT NULL)
        ORDER BY n.network_id`,
    )
    .all() as Array<{ network_id: string; authorities: string }>;
  const authorities = [...new Set(rows.flatMap((row) => JSON.parse(row.authorities) as string[]))].sort();
  const annualTotal = (code: string) => register.get(code)?.allocations?.total ?? 0;
  const represented = authorities.reduce((sum, code) => sum + annualTotal(code), 0);
  const total = register.all().reduce((sum, authority) => sum + annualTotal(authority.code), 0);
  return {
    contributingNetworks: rows.map((row) => row.network_id),
    authorities,
    authorityCount: authorities.length,
    annualFunding: { represented, register: total },
    fundingShare: represented / total,
    taxYears: register.file.taxYears,
  };
}

/** `GET /dashboard`: every figure as of `now`. */
export function readDashboard(
  db: Database.Database,
  {
    now,
    register,
    searches,
  }: { now: Date; register: AuthorityRegister; searches: Pick<UnansweredSearches, 'list' | 'total'> },
): Dashboard {
  const policy = policyInForce(db);
  const queue = awaitingReview(db, now, policy.reviewWindowDays, null);
  const activity = db
    .prepare(
      'SELECT network_id, quarter, submissions, revisions, publications FROM dashboard_activity ORDER BY quarter, network_id',
    )
    .all() as Array<{
    network_id: string;
    quarter: string;
    submissions: number;
    revisions: number;
    publications: number;
  }>;
  return {
    asOf: now.toISOString(),
    policy,
    reviewQueue: {
      count: queue.length,
      overdue: queue.filter((item) => item.overdue).length,
      reviewWindowDays: policy.reviewWindowDays,
      items: queue,
    },
    decisions: decisions(db),
    activity: activity.map(({ network_id, ...counts }) => ({ networkId: network_id, ...counts })),
    updateStatus: updateStatus(db, now, policy.updateIntervalDays),
    priorities: priorities(db),
    seats: seats(db),
    reach: reach(db, register),
    unansweredSearches: { total: searches.total(), top: searches.list(TOP_SEARCHES) },
  };
}

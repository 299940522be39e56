import type Database from 'better-sqlite3';
import {
  DEFAULT_APPROVAL_POLICY,
  type MotionEvent,
  type NetworkEvent,
  type PracticeEvent,
  type SteeringGroupEvent,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import { statement, writerFor } from '../statements';

type DashboardEvent = NetworkEvent | PracticeEvent | MotionEvent | SteeringGroupEvent;
type DataOf<T extends DashboardEvent['type']> = Extract<DashboardEvent, { type: T }>['data'];

/** What a table's handler writes with. */
interface Writes {
  run: ReturnType<typeof writerFor>;
  /** The event's `occurredAt`: the tables are timed by the log, never by the clock. */
  at: string;
  /** The network of an item, from its row: PracticeRevised and PracticePublished do not name it. */
  ownerOf(practiceId: string): string;
}

/** One table's part of the view: the events it cares about, each with how it writes it. */
type TableHandler = { [T in DashboardEvent['type']]?: (data: DataOf<T>, writes: Writes) => void };
type AnyHandler = (data: DashboardEvent['data'], writes: Writes) => void;

/** The calendar quarter (UTC) of an ISO time, as the dashboard groups activity: `2026-Q4`. */
export function quarterOf(iso: string): string {
  const at = new Date(iso);
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

const SET_SEAT_FILLED = 'UPDATE dashboard_networks SET seat_filled = ? WHERE network_id = ?';
const SET_STATUS = 'UPDATE dashboard_networks SET status = ? WHERE network_id = ?';
const SET_LAST_SUBMISSION = 'UPDATE dashboard_networks SET last_submission_at = ? WHERE network_id = ?';

/** `dashboard_networks`: each network's enrolment, seat, authorities, status and last submission. */
const networksTable: TableHandler = {
  NetworkEnrolled: ({ networkId, name }, { run, at }) =>
    run(
      `INSERT INTO dashboard_networks (network_id, name, enrolled_at, status) VALUES (?, ?, ?, 'active')`,
      networkId,
      name,
      at,
    ),
  RepresentativeNominated: ({ networkId }, { run }) => run(SET_SEAT_FILLED, 1, networkId),
  SeatVacated: ({ networkId }, { run }) => run(SET_SEAT_FILLED, 0, networkId),
  MemberAuthorityAdded: ({ networkId, authorityCode }, { run }) =>
    run(
      `UPDATE dashboard_networks SET authorities = json_insert(authorities, '$[#]', ?) WHERE network_id = ?`,
      authorityCode,
      networkId,
    ),
  NetworkLeft: ({ networkId }, { run }) => run(SET_STATUS, 'left', networkId),
  NetworkSuspended: ({ networkId }, { run }) => run(SET_STATUS, 'suspended', networkId),
  NetworkReinstated: ({ networkId }, { run }) => run(SET_STATUS, 'active', networkId),
  PracticeSubmitted: ({ networkId }, { run, at }) => run(SET_LAST_SUBMISSION, at, networkId),
  // A new version is the network keeping its material up to date, as much as a new item is.
  PracticeRevised: ({ practiceId }, { run, at, ownerOf }) =>
    run(SET_LAST_SUBMISSION, at, ownerOf(practiceId)),
};

const SET_STATE = 'UPDATE dashboard_practices SET state = ? WHERE practice_id = ?';
// Gone from the catalogue: no longer counts as published for priorities and reach.
const SET_UNLISTED = `UPDATE dashboard_practices SET state = ?, published_at = NULL, published_themes = NULL
   WHERE practice_id = ?`;

/** `dashboard_practices`: each item's state, current round and themes, and its publication. */
const practicesTable: TableHandler = {
  PracticeSubmitted: ({ practiceId, networkId, content, round, openedAt }, { run, at }) =>
    run(
      `INSERT INTO dashboard_practices
         (practice_id, network_id, title, state, round, round_opened_at, submitted_at, themes)
       VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?)`,
      practiceId,
      networkId,
      content.title,
      round,
      openedAt,
      at,
      JSON.stringify(content.themes),
    ),
  PracticeRevised: ({ practiceId, content, round, openedAt }, { run }) =>
    run(
      `UPDATE dashboard_practices SET title = ?, state = 'submitted', round = ?, round_opened_at = ?, themes = ?
        WHERE practice_id = ?`,
      content.title,
      round,
      openedAt,
      JSON.stringify(content.themes),
      practiceId,
    ),
  ReviewRecorded: ({ practiceId }, { run }) =>
    run(
      `UPDATE dashboard_practices SET state = 'in_review' WHERE practice_id = ? AND state = 'submitted'`,
      practiceId,
    ),
  ChangesRequested: ({ practiceId }, { run }) => run(SET_STATE, 'changes_requested', practiceId),
  PracticeApproved: ({ practiceId }, { run }) => run(SET_STATE, 'approved', practiceId),
  PracticeRejected: ({ practiceId }, { run }) => run(SET_STATE, 'rejected', practiceId),
  // Only the approved current version can be published, so its themes are the row's current ones.
  PracticePublished: ({ practiceId }, { run, at }) =>
    run(
      `UPDATE dashboard_practices SET state = 'published', published_at = ?, published_themes = themes
        WHERE practice_id = ?`,
      at,
      practiceId,
    ),
  PracticeWithdrawn: ({ practiceId }, { run }) => run(SET_UNLISTED, 'withdrawn', practiceId),
  PracticeRetired: ({ practiceId }, { run }) => run(SET_UNLISTED, 'retired', practiceId),
};

/** `dashboard_reviews`: which networks reviewed each round (one voice each). */
const reviewsTable: TableHandler = {
  ReviewRecorded: ({ practiceId, round, networkId }, { run }) =>
    run(
      'INSERT OR IGNORE INTO dashboard_reviews (practice_id, round, network_id) VALUES (?, ?, ?)',
      practiceId,
      round,
      networkId,
    ),
};

// A decision is timed from the opening of its round, which the item's row holds.
const DECIDED = `INSERT INTO dashboard_decisions (practice_id, round, outcome, approved_by, opened_at, decided_at)
   SELECT practice_id, ?, ?, ?, round_opened_at, ? FROM dashboard_practices WHERE practice_id = ?`;

/** `dashboard_decisions`: each round's outcome, and how long it took. */
const decisionsTable: TableHandler = {
  PracticeApproved: ({ practiceId, round, approvedBy }, { run, at }) =>
    run(DECIDED, round, 'approved', approvedBy, at, practiceId),
  PracticeRejected: ({ practiceId, round }, { run, at }) =>
    run(DECIDED, round, 'rejected', null, at, practiceId),
};

/** The statement that counts one more `column` for a network in a quarter. */
const countOne = (column: 'submissions' | 'revisions' | 'publications') =>
  `INSERT INTO dashboard_activity (network_id, quarter, ${column}) VALUES (?, ?, 1)
   ON CONFLICT (network_id, quarter) DO UPDATE SET ${column} = ${column} + 1`;

/** `dashboard_activity`: submissions, revisions and publications per network per quarter of `occurredAt`. */
const activityTable: TableHandler = {
  PracticeSubmitted: ({ networkId }, { run, at }) => run(countOne('submissions'), networkId, quarterOf(at)),
  PracticeRevised: ({ practiceId }, { run, at, ownerOf }) =>
    run(countOne('revisions'), ownerOf(practiceId), quarterOf(at)),
  PracticePublished: ({ practiceId }, { run, at, ownerOf }) =>
    run(countOne('publications'), ownerOf(practiceId), quarterOf(at)),
};

/** `dashboard_policy`: the approval policy in force. */
const policyTable: TableHandler = {
  ApprovalPolicyChanged: (
    { version, quorum, reviewWindowDays, lazyConsensusDays, updateIntervalDays },
    { run },
  ) =>
    run(
      `INSERT OR REPLACE INTO dashboard_policy
         (id, version, quorum, review_window_days, lazy_consensus_days, update_interval_days)
       VALUES (1, ?, ?, ?, ?,
         COALESCE(?, (SELECT update_interval_days FROM dashboard_policy WHERE id = 1), ${DEFAULT_APPROVAL_POLICY.updateIntervalDays}))`,
      version,
      quorum,
      reviewWindowDays,
      lazyConsensusDays ?? null,
      updateIntervalDays ?? null,
    ),
};

/** `dashboard_priorities`: the collection priorities last set. */
const prioritiesTable: TableHandler = {
  CollectionPrioritiesSet: ({ period, themes }, { run, at }) =>
    run(
      'INSERT OR REPLACE INTO dashboard_priorities (id, period, themes, set_at) VALUES (1, ?, ?, ?)',
      period,
      JSON.stringify(themes),
      at,
    ),
};

const CLOSED = 'DELETE FROM dashboard_open_motions WHERE motion_id = ?';

/** `dashboard_open_motions`: motions proposed and not yet carried or lapsed. */
const openMotionsTable: TableHandler = {
  MotionProposed: ({ motionId, kind, closesAt }, { run }) =>
    run(
      'INSERT OR REPLACE INTO dashboard_open_motions (motion_id, kind, closes_at) VALUES (?, ?, ?)',
      motionId,
      kind,
      closesAt,
    ),
  MotionCarried: ({ motionId }, { run }) => run(CLOSED, motionId),
  MotionLapsed: ({ motionId }, { run }) => run(CLOSED, motionId),
};

/**
 * Every table's handler: an event goes to each that cares about it. What a handler reads (an item's network and
 * round opening) no other handler changes for the same event, so the order does not matter.
 */
const TABLES: readonly TableHandler[] = [
  networksTable,
  practicesTable,
  reviewsTable,
  decisionsTable,
  activityTable,
  policyTable,
  prioritiesTable,
  openMotionsTable,
];

/**
 * The facts the Steering Group dashboard and the review queue are computed from. Every figure that depends on "now"
 * (ages, overdue, update status) is worked out at query time, so the tables hold only what the log says, timed by
 * each event's `occurredAt`. It keeps its own copy of the network facts it needs rather than reading the networks
 * view's tables, so that either can change without the other (as the schedule view does for open motions).
 */
export const dashboardProjection: Projection = {
  name: 'dashboard',
  schema: `
    CREATE TABLE IF NOT EXISTS dashboard_networks (
      network_id TEXT PRIMARY KEY, name TEXT NOT NULL, enrolled_at TEXT NOT NULL, status TEXT NOT NULL,
      seat_filled INTEGER NOT NULL DEFAULT 0, authorities TEXT NOT NULL DEFAULT '[]', last_submission_at TEXT) STRICT;
    CREATE TABLE IF NOT EXISTS dashboard_practices (
      practice_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, title TEXT NOT NULL, state TEXT NOT NULL,
      round INTEGER NOT NULL, round_opened_at TEXT NOT NULL, submitted_at TEXT NOT NULL,
      themes TEXT NOT NULL, published_at TEXT, published_themes TEXT) STRICT;
    CREATE INDEX IF NOT EXISTS dashboard_practices_by_state ON dashboard_practices (state, round_opened_at);
    CREATE TABLE IF NOT EXISTS dashboard_reviews (
      practice_id TEXT NOT NULL, round INTEGER NOT NULL, network_id TEXT NOT NULL,
      PRIMARY KEY (practice_id, round, network_id)) STRICT;
    CREATE TABLE IF NOT EXISTS dashboard_decisions (
      practice_id TEXT NOT NULL, round INTEGER NOT NULL, outcome TEXT NOT NULL, approved_by TEXT,
      opened_at TEXT NOT NULL, decided_at TEXT NOT NULL, PRIMARY KEY (practice_id, round)) STRICT;
    CREATE TABLE IF NOT EXISTS dashboard_activity (
      network_id TEXT NOT NULL, quarter TEXT NOT NULL, submissions INTEGER NOT NULL DEFAULT 0,
      revisions INTEGER NOT NULL DEFAULT 0, publications INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (network_id, quarter)) STRICT;
    CREATE TABLE IF NOT EXISTS dashboard_policy (
      id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, quorum INTEGER NOT NULL,
      review_window_days INTEGER NOT NULL, lazy_consensus_days INTEGER, update_interval_days INTEGER NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS dashboard_priorities (
      id INTEGER PRIMARY KEY CHECK (id = 1), period TEXT NOT NULL, themes TEXT NOT NULL, set_at TEXT NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS dashboard_open_motions (
      motion_id TEXT PRIMARY KEY, kind TEXT NOT NULL, closes_at TEXT NOT NULL) STRICT;`,

  apply(db: Database.Database, event: RecordedEvent) {
    const { type, data } = event as unknown as DashboardEvent;
    const writes: Writes = {
      run: writerFor(db),
      at: event.metadata.occurredAt as string,
      ownerOf: (practiceId) => networkOfItem(db, practiceId),
    };
    // Sound: a table's handler for `type` takes that type's data.
    for (const table of TABLES) (table[type] as AnyHandler | undefined)?.(data, writes);
  },
};

function networkOfItem(db: Database.Database, practiceId: string): string {
  const row = statement(db, 'SELECT network_id FROM dashboard_practices WHERE practice_id = ?').get(
    practiceId,
  );
  return (row as { network_id: string }).network_id;
}

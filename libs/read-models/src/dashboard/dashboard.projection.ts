import type Database from 'better-sqlite3';
import type { MotionEvent, NetworkEvent, PracticeEvent, SteeringGroupEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import { statement, writerFor } from '../statements';

type DashboardEvent = NetworkEvent | PracticeEvent | MotionEvent | SteeringGroupEvent;

/** The calendar quarter (UTC) of an ISO time, as the dashboard groups activity: `2026-Q4`. */
export function quarterOf(iso: string): string {
  const at = new Date(iso);
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

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
      review_window_days INTEGER NOT NULL, lazy_consensus_days INTEGER) STRICT;
    CREATE TABLE IF NOT EXISTS dashboard_priorities (
      id INTEGER PRIMARY KEY CHECK (id = 1), period TEXT NOT NULL, themes TEXT NOT NULL, set_at TEXT NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS dashboard_open_motions (
      motion_id TEXT PRIMARY KEY, kind TEXT NOT NULL, closes_at TEXT NOT NULL) STRICT;`,

  apply(db: Database.Database, event: RecordedEvent) {
    const { type, data } = event as unknown as DashboardEvent;
    const run = writerFor(db);
    const at = event.metadata.occurredAt as string;
    /** PracticeRevised and PracticePublished do not name the network: the item's row does. */
    const ownerOf = (practiceId: string) =>
      (
        statement(db, 'SELECT network_id FROM dashboard_practices WHERE practice_id = ?').get(practiceId) as {
          network_id: string;
        }
      ).network_id;
    const count = (networkId: string, column: 'submissions' | 'revisions' | 'publications') =>
      run(
        `INSERT INTO dashboard_activity (network_id, quarter, ${column}) VALUES (?, ?, 1)
         ON CONFLICT (network_id, quarter) DO UPDATE SET ${column} = ${column} + 1`,
        networkId,
        quarterOf(at),
      );
    const setState = (practiceId: string, state: string) =>
      run('UPDATE dashboard_practices SET state = ? WHERE practice_id = ?', state, practiceId);
    const decided = (practiceId: string, round: number, outcome: string, approvedBy: string | null) =>
      run(
        `INSERT INTO dashboard_decisions (practice_id, round, outcome, approved_by, opened_at, decided_at)
         SELECT practice_id, ?, ?, ?, round_opened_at, ? FROM dashboard_practices WHERE practice_id = ?`,
        round,
        outcome,
        approvedBy,
        at,
        practiceId,
      );

    switch (type) {
      case 'NetworkEnrolled':
        return void run(
          `INSERT INTO dashboard_networks (network_id, name, enrolled_at, status) VALUES (?, ?, ?, 'active')`,
          data.networkId,
          data.name,
          at,
        );
      case 'RepresentativeNominated':
      case 'SeatVacated':
        return void run(
          'UPDATE dashboard_networks SET seat_filled = ? WHERE network_id = ?',
          type === 'RepresentativeNominated' ? 1 : 0,
          data.networkId,
        );
      case 'MemberAuthorityAdded':
        return void run(
          `UPDATE dashboard_networks SET authorities = json_insert(authorities, '$[#]', ?) WHERE network_id = ?`,
          data.authorityCode,
          data.networkId,
        );
      case 'NetworkLeft':
      case 'NetworkSuspended':
      case 'NetworkReinstated': {
        const status = { NetworkLeft: 'left', NetworkSuspended: 'suspended', NetworkReinstated: 'active' }[
          type
        ];
        return void run(
          'UPDATE dashboard_networks SET status = ? WHERE network_id = ?',
          status,
          data.networkId,
        );
      }

      case 'PracticeSubmitted':
        run(
          `INSERT INTO dashboard_practices
             (practice_id, network_id, title, state, round, round_opened_at, submitted_at, themes)
           VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?)`,
          data.practiceId,
          data.networkId,
          data.content.title,
          data.round,
          data.openedAt,
          at,
          JSON.stringify(data.content.themes),
        );
        run('UPDATE dashboard_networks SET last_submission_at = ? WHERE network_id = ?', at, data.networkId);
        return void count(data.networkId, 'submissions');
      case 'PracticeRevised': {
        run(
          `UPDATE dashboard_practices SET title = ?, state = 'submitted', round = ?, round_opened_at = ?, themes = ?
            WHERE practice_id = ?`,
          data.content.title,
          data.round,
          data.openedAt,
          JSON.stringify(data.content.themes),
          data.practiceId,
        );
        // A new version is the network keeping its material up to date, as much as a new item is.
        const networkId = ownerOf(data.practiceId);
        run('UPDATE dashboard_networks SET last_submission_at = ? WHERE network_id = ?', at, networkId);
        return void count(networkId, 'revisions');
      }
      case 'ReviewRecorded':
        run(
          'INSERT OR IGNORE INTO dashboard_reviews (practice_id, round, network_id) VALUES (?, ?, ?)',
          data.practiceId,
          data.round,
          data.networkId,
        );
        return void run(
          `UPDATE dashboard_practices SET state = 'in_review' WHERE practice_id = ? AND state = 'submitted'`,
          data.practiceId,
        );
      case 'ChangesRequested':
        return void setState(data.practiceId, 'changes_requested');
      case 'PracticeApproved':
        decided(data.practiceId, data.round, 'approved', data.approvedBy);
        return void setState(data.practiceId, 'approved');
      case 'PracticeRejected':
        decided(data.practiceId, data.round, 'rejected', null);
        return void setState(data.practiceId, 'rejected');
      case 'PracticePublished':
        // Only the approved current version can be published, so its themes are the row's current ones.
        run(
          `UPDATE dashboard_practices SET state = 'published', published_at = ?, published_themes = themes
            WHERE practice_id = ?`,
          at,
          data.practiceId,
        );
        return void count(ownerOf(data.practiceId), 'publications');
      case 'PracticeWithdrawn':
      case 'PracticeRetired':
        // Gone from the catalogue: no longer counts as published for priorities and reach.
        return void run(
          `UPDATE dashboard_practices SET state = ?, published_at = NULL, published_themes = NULL
            WHERE practice_id = ?`,
          type === 'PracticeWithdrawn' ? 'withdrawn' : 'retired',
          data.practiceId,
        );

      case 'ApprovalPolicyChanged':
        return void run(
          `INSERT OR REPLACE INTO dashboard_policy (id, version, quorum, review_window_days, lazy_consensus_days)
           VALUES (1, ?, ?, ?, ?)`,
          data.version,
          data.quorum,
          data.reviewWindowDays,
          data.lazyConsensusDays ?? null,
        );
      case 'CollectionPrioritiesSet':
        return void run(
          'INSERT OR REPLACE INTO dashboard_priorities (id, period, themes, set_at) VALUES (1, ?, ?, ?)',
          data.period,
          JSON.stringify(data.themes),
          at,
        );
      case 'MotionProposed':
        return void run(
          'INSERT OR REPLACE INTO dashboard_open_motions (motion_id, kind, closes_at) VALUES (?, ?, ?)',
          data.motionId,
          data.kind,
          data.closesAt,
        );
      case 'MotionCarried':
      case 'MotionLapsed':
        return void run('DELETE FROM dashboard_open_motions WHERE motion_id = ?', data.motionId);
    }
  },
};

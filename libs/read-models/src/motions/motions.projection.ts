import type Database from 'better-sqlite3';
import type { MotionDecision, MotionEvent, MotionState } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import { statement, writerFor } from '../statements';

export type MotionStatus = Exclude<MotionState['status'], 'none'>;

/** A motion as `GET /motions` lists it: its decision, the votes counted, and how it ended. */
export type MotionSummary = MotionDecision & {
  motionId: string;
  /** The proposing network. */
  proposedBy: string;
  proposedAt: string;
  closesAt: string;
  status: MotionStatus;
  votes: { for: number; against: number; abstain: number };
  /** Once carried or lapsed: the seats that voted for, out of the seats filled then. */
  outcome?: { decidedAt: string; votesFor: string[]; filledSeats: number };
};

export interface MotionPage {
  items: MotionSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** Motions with their current votes (one per seat, a later vote replacing an earlier one) and outcome. */
export const motionsProjection: Projection = {
  name: 'motions',
  schema: `
    CREATE TABLE IF NOT EXISTS motions (
      motion_id TEXT PRIMARY KEY, position INTEGER NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL,
      proposed_by TEXT NOT NULL, proposed_at TEXT NOT NULL, closes_at TEXT NOT NULL, status TEXT NOT NULL,
      outcome TEXT) STRICT;
    CREATE INDEX IF NOT EXISTS motions_by_status ON motions (status, position);
    CREATE TABLE IF NOT EXISTS motion_votes (
      motion_id TEXT NOT NULL, network_id TEXT NOT NULL, vote TEXT NOT NULL,
      PRIMARY KEY (motion_id, network_id)) STRICT;`,

  apply(db: Database.Database, event: RecordedEvent) {
    const { type, data } = event as unknown as MotionEvent;
    const run = writerFor(db);
    const at = event.metadata.occurredAt as string;
    switch (type) {
      case 'MotionProposed':
        return void run(
          `INSERT INTO motions (motion_id, position, kind, payload, proposed_by, proposed_at, closes_at, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'open')`,
          data.motionId,
          event.position,
          data.kind,
          JSON.stringify(data.payload),
          data.proposedBy.networkId,
          at,
          data.closesAt,
        );
      case 'VoteCast':
        return void run(
          `INSERT INTO motion_votes (motion_id, network_id, vote) VALUES (?, ?, ?)
           ON CONFLICT (motion_id, network_id) DO UPDATE SET vote = excluded.vote`,
          data.motionId,
          data.networkId,
          data.vote,
        );
      case 'MotionCarried':
      case 'MotionLapsed':
        return void run(
          'UPDATE motions SET status = ?, outcome = ? WHERE motion_id = ?',
          type === 'MotionCarried' ? 'carried' : 'lapsed',
          JSON.stringify({ decidedAt: at, votesFor: data.votesFor, filledSeats: data.filledSeats }),
          data.motionId,
        );
    }
  },
};

/** Motions newest first, optionally only those in one status, one page at a time. */
export function listMotions(
  db: Database.Database,
  { status, page, pageSize }: { status?: MotionStatus; page: number; pageSize: number },
): MotionPage {
  const rows = statement(
    db,
    `SELECT m.motion_id, m.kind, m.payload, m.proposed_by, m.proposed_at, m.closes_at, m.status, m.outcome,
              count(*) FILTER (WHERE v.vote = 'for') AS votes_for,
              count(*) FILTER (WHERE v.vote = 'against') AS votes_against,
              count(*) FILTER (WHERE v.vote = 'abstain') AS votes_abstain
         FROM motions m LEFT JOIN motion_votes v ON v.motion_id = m.motion_id
        WHERE @status IS NULL OR m.status = @status
        GROUP BY m.motion_id
        ORDER BY m.position DESC
        LIMIT @limit OFFSET @offset`,
  ).all({ status: status ?? null, limit: pageSize, offset: (page - 1) * pageSize }) as Array<{
    motion_id: string;
    kind: MotionSummary['kind'];
    payload: string;
    proposed_by: string;
    proposed_at: string;
    closes_at: string;
    status: MotionStatus;
    outcome: string | null;
    votes_for: number;
    votes_against: number;
    votes_abstain: number;
  }>;
  const { total } = statement(
    db,
    'SELECT count(*) AS total FROM motions WHERE @status IS NULL OR status = @status',
  ).get({ status: status ?? null }) as { total: number };
  const items = rows.map(
    (row) =>
      ({
        motionId: row.motion_id,
        kind: row.kind,
        payload: JSON.parse(row.payload),
        proposedBy: row.proposed_by,
        proposedAt: row.proposed_at,
        closesAt: row.closes_at,
        status: row.status,
        votes: { for: row.votes_for, against: row.votes_against, abstain: row.votes_abstain },
        ...(row.outcome === null ? {} : { outcome: JSON.parse(row.outcome) }),
      }) as MotionSummary,
  );
  return { items, total, page, pageSize };
}

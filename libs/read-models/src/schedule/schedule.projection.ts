import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import { statement, writerFor } from '../statements';

/**
 * What the scheduler must look at: open motions with the moment they close, and practice rounds that lazy
 * consensus could conclude (at least one approval, no objection). Whether and when lazy consensus is due depends on
 * the approval policy in force when the scheduler looks, so that is not kept here.
 */
export const scheduleProjection: Projection = {
  name: 'schedule',
  schema: `
    CREATE TABLE IF NOT EXISTS schedule_open_motions (motion_id TEXT PRIMARY KEY, closes_at TEXT NOT NULL) STRICT;
    CREATE INDEX IF NOT EXISTS schedule_open_motions_by_closing ON schedule_open_motions (closes_at);
    CREATE TABLE IF NOT EXISTS schedule_practice_rounds (
      practice_id TEXT PRIMARY KEY, round INTEGER NOT NULL, opened_at TEXT NOT NULL,
      approvals INTEGER NOT NULL DEFAULT 0, objected INTEGER NOT NULL DEFAULT 0) STRICT;`,

  apply(db: Database.Database, event: RecordedEvent) {
    const data = event.data as Record<string, string & number>;
    const run = writerFor(db);
    switch (event.type) {
      case 'MotionProposed':
        return void run(
          'INSERT OR REPLACE INTO schedule_open_motions (motion_id, closes_at) VALUES (?, ?)',
          data.motionId,
          data.closesAt,
        );
      case 'MotionCarried':
      case 'MotionLapsed':
        return void run('DELETE FROM schedule_open_motions WHERE motion_id = ?', data.motionId);
      case 'PracticeSubmitted':
      case 'PracticeRevised':
        return void run(
          'INSERT OR REPLACE INTO schedule_practice_rounds (practice_id, round, opened_at) VALUES (?, ?, ?)',
          data.practiceId,
          data.round,
          data.openedAt,
        );
      case 'ReviewRecorded':
        return void run(
          `UPDATE schedule_practice_rounds SET approvals = approvals + ?, objected = MAX(objected, ?)
            WHERE practice_id = ? AND round = ?`,
          data.verdict === 'approve' ? 1 : 0,
          data.verdict === 'approve' ? 0 : 1,
          data.practiceId,
          data.round,
        );
      // Any of these ends the round as far as lazy consensus goes.
      case 'ChangesRequested':
      case 'PracticeApproved':
      case 'PracticeRejected':
      case 'PracticeWithdrawn':
      case 'PracticeRetired':
        return void run('DELETE FROM schedule_practice_rounds WHERE practice_id = ?', data.practiceId);
    }
  },
};

/** Open motions whose closing time has come, soonest first. */
export function motionsDueToClose(db: Database.Database, now: Date): string[] {
  return (
    statement(db, 'SELECT motion_id FROM schedule_open_motions WHERE closes_at <= ? ORDER BY closes_at').all(
      now.toISOString(),
    ) as Array<{ motion_id: string }>
  ).map((row) => row.motion_id);
}

/** Rounds with an approval and no objection that opened at or before `openedBy`, oldest first. */
export function unopposedRoundsOpenedBy(
  db: Database.Database,
  openedBy: Date,
): Array<{ practiceId: string; round: number }> {
  return (
    statement(
      db,
      `SELECT practice_id, round FROM schedule_practice_rounds
          WHERE approvals > 0 AND objected = 0 AND opened_at <= ? ORDER BY opened_at`,
    ).all(openedBy.toISOString()) as Array<{ practice_id: string; round: number }>
  ).map((row) => ({ practiceId: row.practice_id, round: row.round }));
}

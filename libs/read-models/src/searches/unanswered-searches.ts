import type Database from 'better-sqlite3';
import { openSqlite } from '@app/event-store';

/** Something shaped like an e-mail address anywhere in a query. */
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;

const fold = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

export interface UnansweredSearch {
  query: string;
  count: number;
  lastAt: string;
}

/**
 * Catalogue searches that found nothing, for the Steering Group to see what people look for and do not find. They
 * are not facts of the scheme, so they stay out of the event log; and they are not derived from it, so they live in
 * a file of their own that rebuilding the read models leaves alone.
 */
export class UnansweredSearches {
  private readonly db: Database.Database;
  private readonly statements: {
    record: Database.Statement;
    list: Database.Statement;
    total: Database.Statement;
    forget: Database.Statement;
  };

  constructor(file: string) {
    // Counts, not records: losing the last moment's count to a power cut is acceptable.
    this.db = openSqlite(file, { durability: 'normal' });
    this.db.exec(`CREATE TABLE IF NOT EXISTS unanswered_searches (
      query TEXT PRIMARY KEY, count INTEGER NOT NULL, last_at TEXT NOT NULL) STRICT`);
    this.statements = {
      record: this.db.prepare(
        `INSERT INTO unanswered_searches (query, count, last_at) VALUES (?, 1, ?)
         ON CONFLICT (query) DO UPDATE SET count = count + 1, last_at = excluded.last_at`,
      ),
      list: this.db.prepare(
        'SELECT query, count, last_at AS lastAt FROM unanswered_searches ORDER BY count DESC, last_at DESC LIMIT ?',
      ),
      total: this.db.prepare('SELECT coalesce(sum(count), 0) AS total FROM unanswered_searches'),
      forget: this.db.prepare('DELETE FROM unanswered_searches WHERE instr(query, ?) > 0'),
    };
  }

  /**
   * Counts one search that found nothing; queries are folded (trimmed, spaces collapsed, lower case) first. One
   * holding an e-mail address is not kept: it is someone's personal data, shown to every member on the dashboard.
   */
  record(query: string, at: Date): void {
    const folded = fold(query);
    if (folded && !EMAIL.test(folded)) this.statements.record.run(folded.slice(0, 200), at.toISOString());
  }

  /** Searches naming a person who has been forgotten (their name or address) go. */
  forget({ name, email }: { name: string; email: string }): void {
    for (const trace of [fold(name), fold(email)]) if (trace) this.statements.forget.run(trace);
  }

  /** The most frequent unanswered queries. */
  list(limit: number): UnansweredSearch[] {
    return this.statements.list.all(limit) as UnansweredSearch[];
  }

  /** How many searches found nothing, in all. */
  total(): number {
    return (this.statements.total.get() as { total: number }).total;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

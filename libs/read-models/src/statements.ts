import type Database from 'better-sqlite3';

const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The statement for `sql` on `db`, prepared once and kept: parsing SQL costs more than running most of the small
 * statements projections and queries make, and a rebuild runs them hundreds of thousands of times. Kept per
 * database, so a swapped-in read-model file prepares its own.
 */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = new Map()));
  let found = statements.get(sql);
  if (!found) statements.set(sql, (found = db.prepare(sql)));
  return found;
}

/** A projection's writes: `run(sql, ...params)` on `db`, with the statement prepared once. */
export function writerFor(db: Database.Database): (sql: string, ...params: unknown[]) => Database.RunResult {
  return (sql, ...params) => statement(db, sql).run(...params);
}

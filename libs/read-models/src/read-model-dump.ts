import type Database from 'better-sqlite3';

/**
 * Every row of every table of a read-model file, in a fixed order, as text: two files hold the same views exactly
 * when their dumps are byte-identical. Full-text indexes are dumped by what they hold, not by their shadow tables,
 * whose segments depend on how events were batched.
 */
export function dumpReadModel(db: Database.Database): string {
  const tables = (db.pragma('table_list') as Array<{ schema: string; name: string; type: string }>)
    .filter(({ schema, name, type }) => schema === 'main' && !name.startsWith('sqlite_') && type !== 'shadow')
    .map(({ name }) => name)
    .sort();
  const lines: string[] = [];
  for (const table of tables) {
    const columns = (db.pragma(`table_info("${table}")`) as unknown[]).length;
    // rowid first: it is what ties a full-text row to the row it indexes.
    const order = Array.from({ length: columns + 1 }, (_, i) => i + 1).join(', ');
    lines.push(`# ${table}`);
    for (const row of db.prepare(`SELECT rowid, * FROM "${table}" ORDER BY ${order}`).raw(true).iterate())
      lines.push(JSON.stringify(row));
  }
  return lines.join('\n') + '\n';
}

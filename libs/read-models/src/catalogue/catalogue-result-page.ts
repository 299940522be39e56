import type Database from 'better-sqlite3';
import type { CatalogueMatch } from './catalogue-match';
import type { CatalogueItem, CatalogueQuery, CatalogueSort } from './catalogue-search';
import { highlightedSnippet, SNIPPET_CLOSE, SNIPPET_OPEN } from './snippet-markers';
import { statement } from '../statements';

const ORDER: Record<CatalogueSort, string> = {
  relevance: 'm.rank, i.published_at DESC, i.practice_id',
  newest: 'i.published_at DESC, i.practice_id',
  title: 'i.title COLLATE NOCASE, i.practice_id',
};

/** `column` counts from 0 in the index's order: title, summary, body, theme labels. */
const snippetOf = (column: number) =>
  `snippet(catalogue_search, ${column}, '${SNIPPET_OPEN}', '${SNIPPET_CLOSE}', '…', 16)`;

/** A listed item's row, with its summary and, on a result page for words, its snippets. */
export interface ItemRow {
  id: number;
  practice_id: string;
  title: string;
  summary: string;
  themes: string;
  network_id: string;
  authorities: string;
  published_at: string;
  version: number;
  body_snippet?: string;
  summary_snippet?: string;
}

export const ITEM_COLUMNS =
  'i.id, i.practice_id, i.title, i.themes, i.network_id, i.authorities, i.published_at, i.version';

/** The page of matched items `query` asks for, in its sort, with snippets for the words; and how many match. */
export function resultPage(
  db: Database.Database,
  match: CatalogueMatch,
  { page, pageSize }: CatalogueQuery,
): { items: CatalogueItem[]; total: number } {
  const { where, params } = match.filteredBy();
  const rows = statement(
    db,
    `SELECT ${ITEM_COLUMNS} FROM ${match.from} ${where} ORDER BY ${ORDER[match.sort]} LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit: pageSize, offset: (page - 1) * pageSize }) as ItemRow[];
  // The text is read for the page's items alone: it is most of a listing's bytes.
  const summary = statement(db, 'SELECT summary FROM catalogue_text WHERE id = ?').pluck();
  for (const row of rows) row.summary = summary.get(row.id) as string;
  if (match.expression) {
    const snippets = statement(
      db,
      `SELECT ${snippetOf(2)} AS body_snippet, ${snippetOf(1)} AS summary_snippet
         FROM catalogue_search WHERE catalogue_search MATCH ? AND rowid = CAST(? AS INTEGER)`,
    );
    // The CAST matters: JavaScript numbers bind as REAL, and FTS5 (3.53) drops a rowid constraint it is given as
    // a REAL, answering every match; as an INTEGER it seeks the one row.
    for (const row of rows) Object.assign(row, snippets.get(match.expression, row.id));
  }
  const { total } = statement(db, `SELECT count(*) AS total FROM ${match.from} ${where}`).get(params) as {
    total: number;
  };
  return { items: rows.map(toItem), total };
}

export function toItem(row: ItemRow): CatalogueItem {
  const snippet = [row.body_snippet, row.summary_snippet].find((text) => text?.includes(SNIPPET_OPEN));
  return {
    practiceId: row.practice_id,
    title: row.title,
    summary: row.summary,
    ...(snippet === undefined ? {} : { snippet: highlightedSnippet(snippet) }),
    themes: JSON.parse(row.themes),
    networkId: row.network_id,
    authorities: JSON.parse(row.authorities),
    publishedAt: row.published_at,
    version: row.version,
  };
}

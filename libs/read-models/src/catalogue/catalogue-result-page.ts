import type Database from 'better-sqlite3';
import type { CatalogueMatch } from './catalogue-match';
import { CATALOGUE_TOKENIZER } from './catalogue.projection';
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
  `snippet(catalogue_page_search, ${column}, '${SNIPPET_OPEN}', '${SNIPPET_CLOSE}', '…', 16)`;

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
  const { where, params } = match;
  const offset = (page - 1) * pageSize;
  const rows = statement(
    db,
    `SELECT ${ITEM_COLUMNS} FROM ${match.from} ${rankedAtMost(match) ?? where}
      ORDER BY ${ORDER[match.sort]} LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit: pageSize, offset, last: offset + pageSize - 1 }) as ItemRow[];
  // The text is read for the page's items alone: it is most of a listing's bytes.
  const summary = statement(db, 'SELECT summary FROM catalogue_text WHERE id = ?').pluck();
  for (const row of rows) row.summary = summary.get(row.id) as string;
  if (match.expression) addSnippets(db, rows, match.expression);
  const total =
    match.filters.length === 0
      ? match.matched
      : (statement(db, `SELECT count(*) FROM ${match.from} ${where}`).pluck().get(params) as number);
  return { items: rows.map(toItem), total };
}

/**
 * Unfiltered and by relevance, the page is among the matches ranked no worse than its last one (`@last`, counted
 * from 0): a condition that only those be read for the tie-breaks, rather than every match of a common word. The
 * matches' own table answers which rank that is; past the last match, every match is ranked no worse.
 */
function rankedAtMost(match: CatalogueMatch): string | undefined {
  if (match.sort !== 'relevance' || match.filters.length > 0) return undefined;
  return 'WHERE m.rank <= coalesce((SELECT rank FROM temp.catalogue_matched ORDER BY rank LIMIT 1 OFFSET @last), 9e999)';
}

/**
 * The rows' snippets, made from a scratch full-text index of the page's text alone, cut into words as the
 * catalogue's index cuts it. `snippet()` depends only on a row's text and the query, so it answers the same there;
 * but each query word is a prefix, and on the whole index FTS5 reads and merges the postings of every word with
 * that prefix (a third of the catalogue for a common word) again for each row: 5–10 ms a row at 100,000 items.
 * The scratch index reads its text from a scratch table, so that it is remade whole ('rebuild') rather than
 * deleted from row by row, which leaves it more to merge at each search.
 */
function addSnippets(db: Database.Database, rows: ItemRow[], expression: string): void {
  statement(
    db,
    `CREATE TABLE IF NOT EXISTS temp.catalogue_page_text (
       id INTEGER PRIMARY KEY, title TEXT, summary TEXT, body TEXT, theme_labels TEXT)`,
  ).run();
  statement(
    db,
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.catalogue_page_search USING fts5(
       title, summary, body, theme_labels, content = 'catalogue_page_text', content_rowid = 'id',
       tokenize = "${CATALOGUE_TOKENIZER}")`,
  ).run();
  const copy = statement(
    db,
    'INSERT INTO temp.catalogue_page_text SELECT id, title, summary, body, theme_labels FROM catalogue_text WHERE id = ?',
  );
  db.transaction(() => {
    statement(db, 'DELETE FROM temp.catalogue_page_text').run();
    for (const row of rows) copy.run(row.id);
    statement(db, "INSERT INTO temp.catalogue_page_search (catalogue_page_search) VALUES ('rebuild')").run();
  })();
  const snippets = statement(
    db,
    `SELECT rowid AS id, ${snippetOf(2)} AS body_snippet, ${snippetOf(1)} AS summary_snippet
       FROM temp.catalogue_page_search WHERE catalogue_page_search MATCH ?`,
  ).all(expression) as Array<Pick<ItemRow, 'id' | 'body_snippet' | 'summary_snippet'>>;
  const byId = new Map(snippets.map(({ id, ...snippet }) => [id, snippet]));
  for (const row of rows) Object.assign(row, byId.get(row.id));
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

import type Database from 'better-sqlite3';
import {
  CATALOGUE_FACETS,
  type CatalogueFacet,
  type CatalogueQuery,
  type CatalogueSort,
  type FacetFilter,
} from './catalogue-search';
import { statement } from '../statements';

/** A query's words beyond these are ignored, so that a search costs a bounded time. */
const MAX_TERMS = 16;

/**
 * The FTS5 expression for what someone typed, or undefined when it holds no word. User text never reaches FTS5's
 * query syntax: each word (a run of letters, digits and marks, as the unicode61 tokenizer reads them) becomes a
 * quoted prefix term, so `"`, `*`, `(`, `NEAR`, `OR` and `col:` are searched for as words or dropped, never parsed.
 * All terms must match.
 */
export function matchExpression(q: string | undefined): string | undefined {
  const terms = q?.match(/[\p{L}\p{N}\p{M}]+/gu)?.slice(0, MAX_TERMS);
  return terms ? terms.map((term) => `"${term}"*`).join(' ') : undefined;
}

/** Title matches count far more than summary matches, which count more than body matches (bm25 weights per column). */
const RANK = 'bm25(catalogue_search, 10.0, 4.0, 1.0, 2.0)';

/** Each facet's filter, as SQL over `@values`: `= ?` for one value, `IN (…)` for several (a JSON array). */
const FILTERS: Record<CatalogueFacet, (values: string) => string> = {
  theme: (values) => `i.id IN (SELECT item_id FROM catalogue_item_themes WHERE theme ${values})`,
  network: (values) => `i.network_id ${values}`,
  authority: (values) => `i.id IN (SELECT item_id FROM catalogue_item_authorities WHERE code ${values})`,
  region: (values) => `i.region ${values}`,
  year: (values) => `i.year ${values}`,
};

/** A facet's filter and its parameter: a single value keeps the plain comparison (and its plan). */
function filterOf(facet: CatalogueFacet, value: FacetFilter<string | number>) {
  const values = Array.isArray(value) ? value : [value];
  return values.length === 1
    ? { sql: FILTERS[facet](`= @${facet}`), param: values[0] }
    : { sql: FILTERS[facet](`IN (SELECT value FROM json_each(@${facet}))`), param: JSON.stringify(values) };
}

/** The items a search matches, as SQL for the page and the facets to read them with. */
export interface CatalogueMatch {
  /** The FTS5 expression of the query's words (for snippets); undefined when it has none. */
  expression?: string;
  /** The sort in force: relevance only when there are words to rank by. */
  sort: CatalogueSort;
  /** How many items the words match (every listed item when there are none), before any filter. */
  matched: number;
  /** The `FROM` of the matching items, as `i` (and `m`, with their rank, when there are words). */
  from: string;
  /** Each filter in force as an SQL condition on `i`; `where` is all of them, `params` their named parameters. */
  filters: Array<{ facet: CatalogueFacet; sql: string }>;
  where: string;
  params: Record<string, unknown>;
}

/**
 * The items `query` matches. The words are matched once: the matching items (with their rank when sorting by
 * relevance) go into a temporary table, which the page, the total and every facet then read, rather than each
 * searching the full-text index again. The match holds until the next search on `db`.
 */
export function matchCatalogue(db: Database.Database, query: CatalogueQuery): CatalogueMatch {
  const expression = matchExpression(query.q);
  // Without words to match, relevance means nothing: newest first, unless sorted by title.
  const sort = expression ? (query.sort ?? 'relevance') : query.sort === 'title' ? 'title' : 'newest';
  let matched: number;
  if (expression) {
    statement(
      db,
      'CREATE TEMP TABLE IF NOT EXISTS catalogue_matched (id INTEGER PRIMARY KEY, rank REAL)',
    ).run();
    statement(db, 'DELETE FROM temp.catalogue_matched').run();
    // The full-text index holds the listed items' text alone (their rows go together), so every match is an item.
    matched = statement(
      db,
      sort === 'relevance'
        ? `INSERT INTO temp.catalogue_matched (id, rank)
             SELECT rowid, ${RANK} FROM catalogue_search WHERE catalogue_search MATCH ?`
        : 'INSERT INTO temp.catalogue_matched (id) SELECT rowid FROM catalogue_search WHERE catalogue_search MATCH ?',
    ).run(expression).changes;
  } else matched = statement(db, 'SELECT count(*) FROM catalogue_items').pluck().get() as number;
  const filtered = CATALOGUE_FACETS.filter((facet) => query[facet] !== undefined).map((facet) => ({
    facet,
    ...filterOf(facet, query[facet]!),
  }));
  return {
    expression,
    sort,
    matched,
    // CROSS JOIN keeps the matches as the outer loop: the planner has no statistics for the temporary table.
    from: expression
      ? 'temp.catalogue_matched m CROSS JOIN catalogue_items i ON i.id = m.id'
      : 'catalogue_items i',
    filters: filtered.map(({ facet, sql }) => ({ facet, sql })),
    where: filtered.length > 0 ? `WHERE ${filtered.map(({ sql }) => sql).join(' AND ')}` : '',
    params: Object.fromEntries(filtered.map(({ facet, param }) => [facet, param])),
  };
}

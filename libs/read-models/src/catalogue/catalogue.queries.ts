import type Database from 'better-sqlite3';
import type { PublicContent } from '@app/domain';
import { themeLabel } from './catalogue.projection';
import { escapeHtml } from './escape-html';
import { statement } from '../statements';

export const CATALOGUE_SORTS = ['relevance', 'newest', 'title'] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

export const CATALOGUE_FACETS = ['theme', 'network', 'authority', 'region', 'year'] as const;
export type CatalogueFacet = (typeof CATALOGUE_FACETS)[number];

export interface CatalogueQuery {
  q?: string;
  theme?: string;
  network?: string;
  authority?: string;
  region?: string;
  year?: number;
  /** Defaults to `relevance` when `q` has words to search for, `newest` otherwise. */
  sort?: CatalogueSort;
  page: number;
  pageSize: number;
}

/** A listed practice as search results show it. */
export interface CatalogueItem {
  practiceId: string;
  title: string;
  summary: string;
  /** HTML: the best passage of the body, else of the summary, text escaped and matches in `<mark>`. */
  snippet?: string;
  themes: string[];
  networkId: string;
  authorities: string[];
  publishedAt: string;
  version: number;
}

export interface FacetCount {
  /** What to pass as the facet's query parameter. */
  value: string;
  label: string;
  count: number;
}

export interface CataloguePage {
  items: CatalogueItem[];
  facets: Record<CatalogueFacet, FacetCount[]>;
  total: number;
  page: number;
  pageSize: number;
}

/** A listed practice with its full public content, as the item view and the feeds use it. */
export interface PublishedPractice {
  practiceId: string;
  networkId: string;
  networkName: string;
  region: string | null;
  version: number;
  publishedAt: string;
  firstPublishedAt: string;
  content: PublicContent;
}

export interface PracticeVersion {
  version: number;
  publishedAt: string | null;
  title: string;
}

export interface PublishedPracticeDetail extends PublishedPractice {
  /** The contact as the log holds it: sealed, for the caller to open. */
  sealedContact: unknown;
  /** Every version up to the public one, oldest first; a newer version in review is not public yet. */
  versions: PracticeVersion[];
}

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
/** Private-use characters around matches, replaced by `<mark>` once the snippet text is escaped. */
const [OPEN, CLOSE] = ['\uE000', '\uE001'];
/** `column` counts from 0 in the index's order: title, summary, body, theme labels. */
const snippetOf = (column: number) => `snippet(catalogue_search, ${column}, '${OPEN}', '${CLOSE}', '…', 16)`;

const FILTERS: Record<CatalogueFacet, string> = {
  theme: 'i.id IN (SELECT item_id FROM catalogue_item_themes WHERE theme = @theme)',
  network: 'i.network_id = @network',
  authority: 'i.id IN (SELECT item_id FROM catalogue_item_authorities WHERE code = @authority)',
  region: 'i.region = @region',
  year: 'i.year = @year',
};

/** What each facet counts: one row per value an item has (several themes or authorities count once each). */
const FACET_VALUES: Record<CatalogueFacet, { value: string; join?: string }> = {
  theme: { value: 'f.theme', join: 'JOIN catalogue_item_themes f ON f.item_id = i.id' },
  network: { value: 'i.network_id' },
  authority: { value: 'f.code', join: 'JOIN catalogue_item_authorities f ON f.item_id = i.id' },
  region: { value: 'i.region' },
  year: { value: 'i.year' },
};

const ORDER: Record<CatalogueSort, string> = {
  relevance: 'm.rank, i.published_at DESC, i.practice_id',
  newest: 'i.published_at DESC, i.practice_id',
  title: 'i.title COLLATE NOCASE, i.practice_id',
};

interface ItemRow {
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

const ITEM_COLUMNS =
  'i.id, i.practice_id, i.title, i.themes, i.network_id, i.authorities, i.published_at, i.version';

/**
 * One page of the catalogue for a search, with its total and facets.
 *
 * The words are matched once: the matching items (with their rank when sorting by relevance) go into a temporary
 * table, and the page, the total and every facet are then counted from it, rather than the full-text index being
 * searched again for each. Snippets are made for the page's items alone.
 *
 * Facet counts are taken over the results of every filter but the facet's own: a facet shows the choices beside
 * the one made, and each count is the total that choosing that value instead (or in addition, for a facet not yet
 * filtered) would give.
 */
export function searchCatalogue(
  db: Database.Database,
  query: CatalogueQuery,
  authorityName: (code: string) => string,
): CataloguePage {
  const match = matchExpression(query.q);
  // Without words to match, relevance means nothing: newest first, unless sorted by title.
  const sort = match ? (query.sort ?? 'relevance') : query.sort === 'title' ? 'title' : 'newest';
  if (match) {
    statement(
      db,
      'CREATE TEMP TABLE IF NOT EXISTS catalogue_matched (id INTEGER PRIMARY KEY, rank REAL)',
    ).run();
    statement(db, 'DELETE FROM temp.catalogue_matched').run();
    statement(
      db,
      sort === 'relevance'
        ? `INSERT INTO temp.catalogue_matched (id, rank)
             SELECT rowid, ${RANK} FROM catalogue_search WHERE catalogue_search MATCH ?`
        : 'INSERT INTO temp.catalogue_matched (id) SELECT rowid FROM catalogue_search WHERE catalogue_search MATCH ?',
    ).run(match);
  }
  const filtered = CATALOGUE_FACETS.filter((facet) => query[facet] !== undefined);
  /** The named parameters of the filters in force, but `except`'s (a facet's counts ignore its own filter). */
  const filterParams = (except?: CatalogueFacet) =>
    Object.fromEntries(filtered.filter((facet) => facet !== except).map((facet) => [facet, query[facet]]));
  // CROSS JOIN keeps the matches as the outer loop: the planner has no statistics for the temporary table.
  const from = match
    ? 'temp.catalogue_matched m CROSS JOIN catalogue_items i ON i.id = m.id'
    : 'catalogue_items i';
  const where = (except?: CatalogueFacet) => {
    const conditions = filtered.filter((facet) => facet !== except).map((facet) => FILTERS[facet]);
    return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  };

  const rows = statement(
    db,
    `SELECT ${ITEM_COLUMNS} FROM ${from} ${where()} ORDER BY ${ORDER[sort]} LIMIT @limit OFFSET @offset`,
  ).all({ ...filterParams(), limit: query.pageSize, offset: (query.page - 1) * query.pageSize }) as ItemRow[];
  // The text is read for the page's items alone: it is most of a listing's bytes.
  const summary = statement(db, 'SELECT summary FROM catalogue_text WHERE id = ?').pluck();
  for (const row of rows) row.summary = summary.get(row.id) as string;
  if (match) {
    const snippets = statement(
      db,
      `SELECT ${snippetOf(2)} AS body_snippet, ${snippetOf(1)} AS summary_snippet
         FROM catalogue_search WHERE catalogue_search MATCH ? AND rowid = CAST(? AS INTEGER)`,
    );
    // The CAST matters: JavaScript numbers bind as REAL, and FTS5 (3.53) drops a rowid constraint it is given as
    // a REAL, answering every match; as an INTEGER it seeks the one row.
    for (const row of rows) Object.assign(row, snippets.get(match, row.id));
  }
  const { total } = statement(db, `SELECT count(*) AS total FROM ${from} ${where()}`).get(filterParams()) as {
    total: number;
  };

  const networkNames = new Map(
    (
      statement(db, 'SELECT network_id, name FROM catalogue_networks').all() as Array<{
        network_id: string;
        name: string;
      }>
    ).map((row) => [row.network_id, row.name]),
  );
  const label: Record<CatalogueFacet, (value: string) => string> = {
    theme: themeLabel,
    network: (value) => networkNames.get(value) ?? value,
    authority: authorityName,
    region: (value) => value,
    year: (value) => value,
  };
  const facets = Object.fromEntries(
    CATALOGUE_FACETS.map((facet) => {
      const { value, join } = FACET_VALUES[facet];
      const counted = statement(
        db,
        `SELECT ${value} AS value, count(*) AS count FROM ${from} ${join ?? ''} ${where(facet)} GROUP BY 1`,
      ).all(filterParams(facet)) as Array<{
        value: string | number | null;
        count: number;
      }>;
      const counts = counted
        .filter((row) => row.value !== null)
        .map((row) => ({
          value: String(row.value),
          label: label[facet](String(row.value)),
          count: row.count,
        }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
      return [facet, counts];
    }),
  ) as Record<CatalogueFacet, FacetCount[]>;

  return { items: rows.map(toItem), facets, total, page: query.page, pageSize: query.pageSize };
}

function toItem(row: ItemRow): CatalogueItem {
  const snippet = [row.body_snippet, row.summary_snippet].find((text) => text?.includes(OPEN));
  return {
    practiceId: row.practice_id,
    title: row.title,
    summary: row.summary,
    ...(snippet === undefined ? {} : { snippet: highlighted(snippet) }),
    themes: JSON.parse(row.themes),
    networkId: row.network_id,
    authorities: JSON.parse(row.authorities),
    publishedAt: row.published_at,
    version: row.version,
  };
}

function highlighted(snippet: string): string {
  return escapeHtml(snippet).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>');
}

const PUBLISHED = `
  SELECT i.practice_id, i.network_id, n.name AS network_name, n.region, i.version, i.published_at,
         i.first_published_at, v.content, v.contact
    FROM catalogue_items i
    JOIN catalogue_versions v ON v.practice_id = i.practice_id AND v.version = i.version
    LEFT JOIN catalogue_networks n ON n.network_id = i.network_id`;

interface PublishedRow {
  practice_id: string;
  network_id: string;
  network_name: string | null;
  region: string | null;
  version: number;
  published_at: string;
  first_published_at: string;
  content: string;
  contact: string;
}

function toPublished(row: PublishedRow): PublishedPractice {
  return {
    practiceId: row.practice_id,
    networkId: row.network_id,
    networkName: row.network_name ?? row.network_id,
    region: row.region,
    version: row.version,
    publishedAt: row.published_at,
    firstPublishedAt: row.first_published_at,
    content: JSON.parse(row.content),
  };
}

/** A listed practice's public version with its version history; undefined if it is not in the catalogue. */
export function publishedPractice(
  db: Database.Database,
  practiceId: string,
): PublishedPracticeDetail | undefined {
  const row = db.prepare(`${PUBLISHED} WHERE i.practice_id = ?`).get(practiceId) as PublishedRow | undefined;
  if (!row) return undefined;
  const versions = db
    .prepare(
      `SELECT version, published_at AS publishedAt, json_extract(content, '$.title') AS title
         FROM catalogue_versions WHERE practice_id = ? AND version <= ? ORDER BY version`,
    )
    .all(practiceId, row.version) as PracticeVersion[];
  return { ...toPublished(row), sealedContact: JSON.parse(row.contact), versions };
}

/** Listed practices, newest publication first; all of them unless `limit` is given. */
export function listPublished(db: Database.Database, limit = -1): PublishedPractice[] {
  return (
    db
      .prepare(`${PUBLISHED} ORDER BY i.published_at DESC, i.practice_id LIMIT ?`)
      .all(limit) as PublishedRow[]
  ).map(toPublished);
}

/** The authorities an item stands for: those it names, or its network's when it names none. */
const ITEM_AUTHORITIES = `CASE WHEN json_array_length(i.authorities) > 0 THEN i.authorities ELSE coalesce(n.authorities, '[]') END`;

/**
 * Other listed practices that stand for at least one of the authorities `related` picks from the practice's own
 * (e.g. those in the same funding band), newest first.
 */
export function practicesOfRelatedAuthorities(
  db: Database.Database,
  practiceId: string,
  related: (authorities: string[]) => string[],
  limit: number,
): CatalogueItem[] {
  const own = db
    .prepare(
      `SELECT ${ITEM_AUTHORITIES} AS authorities FROM catalogue_items i
         LEFT JOIN catalogue_networks n ON n.network_id = i.network_id WHERE i.practice_id = ?`,
    )
    .get(practiceId) as { authorities: string } | undefined;
  const codes = related(own ? JSON.parse(own.authorities) : []);
  if (codes.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT ${ITEM_COLUMNS}, t.summary FROM catalogue_items i JOIN catalogue_text t ON t.id = i.id
         LEFT JOIN catalogue_networks n ON n.network_id = i.network_id
        WHERE i.practice_id <> @practiceId
          AND EXISTS (SELECT 1 FROM json_each(${ITEM_AUTHORITIES}) a
                       WHERE a.value IN (SELECT value FROM json_each(@codes)))
        ORDER BY i.published_at DESC, i.practice_id LIMIT @limit`,
    )
    .all({ practiceId, codes: JSON.stringify(codes), limit }) as ItemRow[];
  return rows.map(toItem);
}

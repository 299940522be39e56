import type Database from 'better-sqlite3';
import type { PublicContent } from '@app/domain';
import { EXACT_FACETS_UP_TO, facetCounts } from './catalogue-facets';
import { matchCatalogue } from './catalogue-match';
import { ITEM_COLUMNS, type ItemRow, resultPage, toItem } from './catalogue-result-page';
import type { CatalogueItem, CataloguePage, CatalogueQuery } from './catalogue-search';

export * from './catalogue-search';
export { matchExpression } from './catalogue-match';

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
  /** What this version changed from the one before it (none for the first), in `PublicContent`'s field names. */
  changed: Array<keyof PublicContent>;
}

export interface PublishedPracticeDetail extends PublishedPractice {
  /** The contact as the log holds it: sealed, for the caller to open. */
  sealedContact: unknown;
  /** Every version up to the public one, oldest first; a newer version in review is not public yet. */
  versions: PracticeVersion[];
  /** How the public version was approved (null for versions decided before receipts were kept). */
  decision: Decision | null;
  /** The log position of the event that published it. */
  publishedPosition: string | null;
}

/** The decision receipt of a version: who approved it and when, under which approval policy. */
export interface Decision {
  approvedBy: 'quorum' | 'lazy-consensus';
  approvedAt: string;
  policyVersion: number;
  quorum: number;
  approvals: Array<{ networkId: string; approvedAt: string | null }>;
}

/**
 * One page of the catalogue for a search, with its total and facets: the items the words and filters match, then
 * the page of them asked for, then the facets counted over them (exactly up to `exactFacetsUpTo` matches, estimated
 * from a sample past it).
 */
export function searchCatalogue(
  db: Database.Database,
  query: CatalogueQuery,
  authorityName: (code: string) => string,
  { exactFacetsUpTo = EXACT_FACETS_UP_TO }: { exactFacetsUpTo?: number } = {},
): CataloguePage {
  const match = matchCatalogue(db, query);
  const { items, total } = resultPage(db, match, query);
  const { facets, approximate } = facetCounts(db, match, authorityName, exactFacetsUpTo);
  return { items, facets, facetsApproximate: approximate, total, page: query.page, pageSize: query.pageSize };
}

const PUBLISHED = `
  SELECT i.practice_id, i.network_id, n.name AS network_name, n.region, i.version, i.published_at,
         i.first_published_at, v.content, v.contact, v.decision, v.published_position
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
  decision: string | null;
  published_position: string | null;
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
  const rows = db
    .prepare(
      `SELECT version, published_at AS publishedAt, content FROM catalogue_versions
        WHERE practice_id = ? AND version <= ? ORDER BY version`,
    )
    .all(practiceId, row.version) as Array<{ version: number; publishedAt: string | null; content: string }>;
  const contents = rows.map((version) => JSON.parse(version.content) as PublicContent);
  const versions = rows.map(({ version, publishedAt }, index) => ({
    version,
    publishedAt,
    title: contents[index].title,
    changed: index === 0 ? [] : changedFields(contents[index - 1], contents[index]),
  }));
  return {
    ...toPublished(row),
    sealedContact: JSON.parse(row.contact),
    versions,
    decision: row.decision === null ? null : (JSON.parse(row.decision) as Decision),
    publishedPosition: row.published_position,
  };
}

/** The fields in which `next` differs from `previous`, in a fixed order. */
function changedFields(previous: PublicContent, next: PublicContent): Array<keyof PublicContent> {
  const fields = [...new Set([...Object.keys(previous), ...Object.keys(next)])] as Array<keyof PublicContent>;
  return fields
    .filter((field) => JSON.stringify(previous[field]) !== JSON.stringify(next[field]))
    .sort((a, b) => CONTENT_ORDER.indexOf(a) - CONTENT_ORDER.indexOf(b));
}

const CONTENT_ORDER: Array<keyof PublicContent> = [
  'title',
  'summary',
  'body',
  'themes',
  'authorities',
  'links',
  'attachments',
  'savings',
];

/** Listed practices, newest publication first; all of them unless `limit` is given. */
export function listPublished(db: Database.Database, limit = -1): PublishedPractice[] {
  return (
    db
      .prepare(`${PUBLISHED} ORDER BY i.published_at DESC, i.practice_id LIMIT ?`)
      .all(limit) as PublishedRow[]
  ).map(toPublished);
}

/** Whether a published version of a listed practice has this attachment: then anyone may download it. */
export function isPublishedAttachment(db: Database.Database, sha256: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM catalogue_items i
           JOIN catalogue_versions v ON v.practice_id = i.practice_id AND v.version <= i.version
          WHERE v.published_at IS NOT NULL
            AND EXISTS (SELECT 1 FROM json_each(v.content, '$.attachments') a
                         WHERE json_extract(a.value, '$.sha256') = ?)
          LIMIT 1`,
      )
      .get(sha256) !== undefined
  );
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

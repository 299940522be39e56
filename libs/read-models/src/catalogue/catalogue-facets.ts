import type Database from 'better-sqlite3';
import { themeLabel } from './catalogue.projection';
import type { CatalogueMatch } from './catalogue-match';
import { CATALOGUE_FACETS, type CatalogueFacet, type FacetCount } from './catalogue-search';
import { statement } from '../statements';

/** What each facet counts: one row per value an item has (several themes or authorities count once each). */
const FACET_VALUES: Record<CatalogueFacet, { value: string; join?: string }> = {
  theme: { value: 'f.theme', join: 'CROSS JOIN catalogue_item_themes f ON f.item_id = i.id' },
  network: { value: 'i.network_id' },
  authority: { value: 'f.code', join: 'CROSS JOIN catalogue_item_authorities f ON f.item_id = i.id' },
  region: { value: 'i.region' },
  year: { value: 'i.year' },
};

/**
 * How many matched items have each value of each facet, most first. A facet is counted over the results of every
 * filter but its own: it shows the choices beside the one made, and each count is the total that choosing that
 * value instead (or in addition, for a facet not yet filtered) would give.
 *
 * All five are counted by one statement that reads each matched item once, into a table of its facet values and
 * whether it passes each filter; each facet is then counted from that table (themes and authorities joined to it).
 * Counting each facet over the matches on its own read every matched item five times: with a common word, tens of
 * thousands of lookups each.
 */
export function facetCounts(
  db: Database.Database,
  match: CatalogueMatch,
  authorityName: (code: string) => string,
): Record<CatalogueFacet, FacetCount[]> {
  const label = facetLabels(db, authorityName);
  const counts = Object.fromEntries(CATALOGUE_FACETS.map((facet) => [facet, [] as FacetCount[]]));
  const counted = statement(db, countingSql(match)).all(match.params) as Array<{
    facet: CatalogueFacet;
    value: string | number | null;
    count: number;
  }>;
  for (const { facet, value, count } of counted)
    if (value !== null)
      counts[facet].push({ value: String(value), label: label[facet](String(value)), count });
  for (const facet of CATALOGUE_FACETS)
    counts[facet].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return counts as Record<CatalogueFacet, FacetCount[]>;
}

/** The one statement that counts every facet of `match`; the filters' results are columns `passes_<facet>`. */
function countingSql(match: CatalogueMatch): string {
  const passes = match.filters.map(({ facet, sql }) => `, (${sql}) AS passes_${facet}`).join('');
  const counts = CATALOGUE_FACETS.map((facet) => {
    const { value, join } = FACET_VALUES[facet];
    const others = match.filters.filter((filter) => filter.facet !== facet);
    const where =
      others.length > 0 ? `WHERE ${others.map((other) => `i.passes_${other.facet}`).join(' AND ')}` : '';
    return `SELECT '${facet}' AS facet, ${value} AS value, count(*) AS count FROM matched_items i ${join ?? ''} ${where} GROUP BY 2`;
  });
  return `WITH matched_items AS MATERIALIZED (SELECT i.id, i.network_id, i.region, i.year${passes} FROM ${match.from})
    ${counts.join(' UNION ALL ')}`;
}

/** How each facet's values read: themes and networks by name, authorities by the register's names. */
function facetLabels(
  db: Database.Database,
  authorityName: (code: string) => string,
): Record<CatalogueFacet, (value: string) => string> {
  const networkNames = new Map(
    (
      statement(db, 'SELECT network_id, name FROM catalogue_networks').all() as Array<{
        network_id: string;
        name: string;
      }>
    ).map((row) => [row.network_id, row.name]),
  );
  return {
    theme: themeLabel,
    network: (value) => networkNames.get(value) ?? value,
    authority: authorityName,
    region: (value) => value,
    year: (value) => value,
  };
}

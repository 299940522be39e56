import type Database from 'better-sqlite3';
import { themeLabel } from './catalogue.projection';
import type { CatalogueMatch } from './catalogue-match';
import { CATALOGUE_FACETS, type CatalogueFacet, type FacetCount } from './catalogue-search';
import { statement } from '../statements';

/** What each facet counts: one row per value an item has (several themes or authorities count once each). */
const FACET_VALUES: Record<CatalogueFacet, { value: string; join?: string }> = {
  theme: { value: 'f.theme', join: 'JOIN catalogue_item_themes f ON f.item_id = i.id' },
  network: { value: 'i.network_id' },
  authority: { value: 'f.code', join: 'JOIN catalogue_item_authorities f ON f.item_id = i.id' },
  region: { value: 'i.region' },
  year: { value: 'i.year' },
};

/**
 * How many matched items have each value of each facet, most first. A facet is counted over the results of every
 * filter but its own: it shows the choices beside the one made, and each count is the total that choosing that
 * value instead (or in addition, for a facet not yet filtered) would give.
 */
export function facetCounts(
  db: Database.Database,
  match: CatalogueMatch,
  authorityName: (code: string) => string,
): Record<CatalogueFacet, FacetCount[]> {
  const label = facetLabels(db, authorityName);
  return Object.fromEntries(
    CATALOGUE_FACETS.map((facet) => [facet, countsOf(db, match, facet, label[facet])]),
  ) as Record<CatalogueFacet, FacetCount[]>;
}

function countsOf(
  db: Database.Database,
  match: CatalogueMatch,
  facet: CatalogueFacet,
  label: (value: string) => string,
): FacetCount[] {
  const { value, join } = FACET_VALUES[facet];
  const { where, params } = match.filteredBy(facet);
  const counted = statement(
    db,
    `SELECT ${value} AS value, count(*) AS count FROM ${match.from} ${join ?? ''} ${where} GROUP BY 1`,
  ).all(params) as Array<{ value: string | number | null; count: number }>;
  return counted
    .filter((row) => row.value !== null)
    .map((row) => ({ value: String(row.value), label: label(String(row.value)), count: row.count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
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

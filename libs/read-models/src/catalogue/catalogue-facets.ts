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
 * Up to this many matches, facets are counted exactly; past it, over a sample of about this many, scaled. Counting
 * costs a few microseconds a match (a lookup in the items, one per theme and authority): 150–250 ms for a common
 * word's 40,000 matches at 100,000 items, a few milliseconds for 1,000. At 100,000 items the estimates were off by
 * 15% on average, by at most 25% for a value held by a twentieth of the matches (docs/benchmarks.md).
 */
export const EXACT_FACETS_UP_TO = 1_000;

/** The facets of a search and whether their counts are estimates from a sample of the matches. */
export interface FacetCounts {
  facets: Record<CatalogueFacet, FacetCount[]>;
  approximate: boolean;
}

/**
 * How many matched items have each value of each facet, most first. A facet is counted over the results of every
 * filter but its own: it shows the choices beside the one made, and each count is the total that choosing that
 * value instead (or in addition, for a facet not yet filtered) would give.
 *
 * All five are counted by one statement that reads each matched item once, into a table of its facet values and
 * whether it passes each filter; each facet is then counted from that table (themes and authorities joined to it).
 * Counting each facet over the matches on its own read every matched item five times. Past `exactUpTo` matches,
 * only a sample of them is read (`sampledMatches`): each count is then the sample's, scaled to all the matches and
 * rounded to two significant figures, and a value rare among the matches may be missing.
 */
export function facetCounts(
  db: Database.Database,
  match: CatalogueMatch,
  authorityName: (code: string) => string,
  exactUpTo = EXACT_FACETS_UP_TO,
): FacetCounts {
  const label = facetLabels(db, authorityName);
  const approximate = match.matched > exactUpTo;
  const counts = Object.fromEntries(CATALOGUE_FACETS.map((facet) => [facet, [] as FacetCount[]]));
  const counted = statement(db, countingSql(match, approximate ? sampledMatches(match) : undefined)).all({
    ...match.params,
    ...(approximate ? { sampled_below: Math.ceil((exactUpTo / match.matched) * 2 ** 32) } : {}),
  }) as Array<{
    facet: CatalogueFacet | null;
    value: string | number | null;
    count: number;
  }>;
  // The row without a facet is how many matches were read: all of them, or the sample's size.
  const scale = approximate ? match.matched / counted.find(({ facet }) => facet === null)!.count : 1;
  for (const { facet, value, count } of counted)
    if (facet !== null && value !== null)
      counts[facet].push({
        value: String(value),
        label: label[facet](String(value)),
        count: approximate ? roughly(count * scale) : count,
      });
  for (const facet of CATALOGUE_FACETS)
    counts[facet].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { facets: counts as Record<CatalogueFacet, FacetCount[]>, approximate };
}

/**
 * A condition that holds for a fraction of the matches, the same ones each time: an item is in the sample when its id
 * times the golden ratio falls, modulo 1, below the fraction (Fibonacci hashing, in 32-bit fixed point: the fraction
 * is `@sampled_below` / 2^32, a parameter so that the statement is prepared once). Ids in a row, or a step apart
 * (items arrive from networks in turn), spread evenly over [0, 1), so the sample takes its share of every stretch of
 * time and every network. An item left out is not read: with words, the condition is tested on the matches' own
 * table; without, on the ids of an index of the items, far narrower than their rows.
 */
function sampledMatches(match: CatalogueMatch): string {
  const sampled = (id: string) => `(${id} * 2654435769) % 4294967296 < @sampled_below`;
  return match.expression
    ? sampled('m.id')
    : `i.id IN (SELECT id FROM catalogue_items WHERE ${sampled('id')})`;
}

/** A count estimated from a sample, to two significant figures: 12,345 reads as 12,000; never 0, as it was seen. */
function roughly(estimate: number): number {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(estimate)) - 1);
  return Math.max(1, Math.round(estimate / unit) * unit);
}

/**
 * The one statement that counts every facet of `match` (of its `sample` only, when given), and a row with how many
 * matches it read (its facet null); the filters' results are columns `passes_<facet>`.
 */
function countingSql(match: CatalogueMatch, sample?: string): string {
  const passes = match.filters.map(({ facet, sql }) => `, (${sql}) AS passes_${facet}`).join('');
  const counts = CATALOGUE_FACETS.map((facet) => {
    const { value, join } = FACET_VALUES[facet];
    const others = match.filters.filter((filter) => filter.facet !== facet);
    const where =
      others.length > 0 ? `WHERE ${others.map((other) => `i.passes_${other.facet}`).join(' AND ')}` : '';
    return `SELECT '${facet}' AS facet, ${value} AS value, count(*) AS count FROM matched_items i ${join ?? ''} ${where} GROUP BY 2`;
  });
  return `WITH matched_items AS MATERIALIZED (
      SELECT i.id, i.network_id, i.region, i.year${passes} FROM ${match.from} ${sample ? `WHERE ${sample}` : ''})
    SELECT NULL AS facet, NULL AS value, count(*) AS count FROM matched_items
    UNION ALL ${counts.join(' UNION ALL ')}`;
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

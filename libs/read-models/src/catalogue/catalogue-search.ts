/** What a catalogue search is asked and what it answers; `searchCatalogue` (catalogue.queries.ts) runs it. */

export const CATALOGUE_SORTS = ['relevance', 'newest', 'title'] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

export const CATALOGUE_FACETS = ['theme', 'network', 'authority', 'region', 'year'] as const;
export type CatalogueFacet = (typeof CATALOGUE_FACETS)[number];

/** A facet's filter: one value, or several of which an item must have one (the pages' checkboxes). */
export type FacetFilter<T> = T | T[];

export interface CatalogueQuery {
  q?: string;
  theme?: FacetFilter<string>;
  network?: FacetFilter<string>;
  authority?: FacetFilter<string>;
  region?: FacetFilter<string>;
  year?: FacetFilter<number>;
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
  /**
   * Whether the facets' counts are estimates: past a few thousand matches they are counted over a sample of them,
   * scaled and rounded to two significant figures ("about 12,000"). `total` is always exact.
   */
  facetsApproximate: boolean;
  total: number;
  page: number;
  pageSize: number;
}

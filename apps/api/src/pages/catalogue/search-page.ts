import {
  CATALOGUE_FACETS,
  CATALOGUE_SORTS,
  themeLabel,
  type CatalogueFacet,
  type CataloguePage,
  type CatalogueSort,
} from '@app/read-models';
import type { CataloguePageQueryDto } from './catalogue-page.dto';

export const PAGE_SIZE = 20;

const FACET_LEGENDS: Record<CatalogueFacet, string> = {
  theme: 'Theme',
  network: 'Network',
  authority: 'Authority',
  region: 'Region',
  year: 'Year published',
};

const SORT_LABELS: Record<CatalogueSort, string> = {
  relevance: 'Best match',
  newest: 'Newest',
  title: 'Title (A to Z)',
};

/** The query string of a search, as the page's links repeat it (facets repeated per value). */
function queryString(query: CataloguePageQueryDto, page?: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const facet of CATALOGUE_FACETS)
    for (const value of query[facet] ?? []) params.append(facet, String(value));
  if (query.sort) params.set('sort', query.sort);
  if (page && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * A facet value with its count: an estimate (counted from a sample of many matches) reads "about 12,000". A ticked
 * value the counts lack matched nothing, or, from a sample, was not in it: then it has no count to show.
 */
function checkboxText(label: string, count: number | undefined, approximate: boolean): string {
  if (!approximate) return `${label} (${count ?? 0})`;
  return count === undefined ? label : `${label} (about ${count.toLocaleString('en-GB')})`;
}

/** Each facet as `govukCheckboxes` items: its values with their counts, ticked ones kept even when none match. */
function facetCheckboxes(query: CataloguePageQueryDto, results: CataloguePage) {
  return CATALOGUE_FACETS.map((facet) => {
    const ticked = new Set((query[facet] ?? []).map(String));
    const counted = results.facets[facet];
    const missing = [...ticked]
      .filter((value) => !counted.some((count) => count.value === value))
      .map((value) => ({ value, label: value, count: undefined }));
    return {
      name: facet,
      legend: FACET_LEGENDS[facet],
      ticked: ticked.size,
      items: [...counted, ...missing].map(({ value, label, count }) => ({
        value,
        text: checkboxText(label, count, results.facetsApproximate),
        checked: ticked.has(value),
      })),
    };
  });
}

/** `govukPagination` for the results: previous, next and the page numbers around this one. */
function pagination(query: CataloguePageQueryDto, results: CataloguePage) {
  const pages = Math.ceil(results.total / results.pageSize);
  if (pages <= 1) return undefined;
  const page = results.page;
  const near = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages);
  const items = near.flatMap((number, index) => [
    ...(index > 0 && number - near[index - 1] > 1 ? [{ ellipsis: true }] : []),
    { number, href: queryString(query, number) || '?', current: number === page },
  ]);
  return {
    items,
    previous: page > 1 ? { href: queryString(query, page - 1) || '?' } : undefined,
    next: page < pages ? { href: queryString(query, page + 1) } : undefined,
  };
}

/** The search page's context: the form as asked, the facets, the results and the way through them. */
export function searchPage(query: CataloguePageQueryDto, results: CataloguePage) {
  const networkNames = new Map(results.facets.network.map((facet) => [facet.value, facet.label]));
  const first = (results.page - 1) * results.pageSize + 1;
  return {
    title: query.q ? `Search results for “${query.q}”` : 'Search highways practice',
    query,
    sort: query.sort ?? (query.q ? 'relevance' : 'newest'),
    sorts: CATALOGUE_SORTS.map((value) => ({ value, text: SORT_LABELS[value] })),
    facets: facetCheckboxes(query, results),
    filtered: CATALOGUE_FACETS.some((facet) => (query[facet] ?? []).length > 0),
    total: results.total,
    range: results.items.length ? { from: first, to: first + results.items.length - 1 } : undefined,
    items: results.items.map((item) => ({
      ...item,
      networkName: networkNames.get(item.networkId) ?? item.networkId,
      themeLabels: item.themes.map(themeLabel),
    })),
    pagination: pagination(query, results),
  };
}

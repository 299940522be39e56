import type { CataloguePage } from '@app/read-models';
import type { CataloguePageQueryDto } from './catalogue-page.dto';
import { searchPage } from './search-page';

describe('the search page', () => {
  const results = (facetsApproximate: boolean): CataloguePage => ({
    items: [],
    facets: {
      theme: [{ value: 'drainage', label: 'Drainage', count: 12_000 }],
      network: [],
      authority: [],
      region: [],
      year: [],
    },
    facetsApproximate,
    total: 40_321,
    page: 1,
    pageSize: 20,
  });
  const themes = (query: Partial<CataloguePageQueryDto>, facetsApproximate: boolean) =>
    searchPage({ page: 1, ...query }, results(facetsApproximate))
      .facets.find((facet) => facet.name === 'theme')!
      .items.map((item) => item.text);

  it('shows counts estimated from a sample as "about N", exact counts as they are', () => {
    expect(themes({ q: 'gully' }, true)).toEqual(['Drainage (about 12,000)']);
    expect(themes({ q: 'gully' }, false)).toEqual(['Drainage (12000)']);
  });

  it('shows a ticked value the counts lack as matching nothing, or without a count when they are estimated', () => {
    expect(themes({ q: 'gully', theme: ['structures'] }, false)).toEqual([
      'Drainage (12000)',
      'structures (0)',
    ]);
    expect(themes({ q: 'gully', theme: ['structures'] }, true)).toEqual([
      'Drainage (about 12,000)',
      'structures',
    ]);
  });
});

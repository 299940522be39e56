import Database from 'better-sqlite3';
import { catalogueProjection } from './catalogue.projection';
import {
  CATALOGUE_FACETS,
  CatalogueQuery,
  matchExpression,
  practicesOfRelatedAuthorities,
  searchCatalogue,
} from './catalogue.queries';
import { catalogueEvents } from './testing/catalogue-events';

describe('catalogue queries', () => {
  let db: Database.Database;
  let events: ReturnType<typeof catalogueEvents>;
  const search = (query: Partial<CatalogueQuery> = {}) =>
    searchCatalogue(db, { page: 1, pageSize: 20, ...query }, (code) => `Authority ${code}`);
  const ids = (query: Partial<CatalogueQuery> = {}) => search(query).items.map((item) => item.practiceId);

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(catalogueProjection.schema);
    events = catalogueEvents(db);
    events.apply(
      events.enrolled('a', 'Alpha alliance', 'North West'),
      events.enrolled('b', 'Beta network', 'Yorkshire'),
      events.enrolled('n', 'National group'),
    );
  });
  afterEach(() => db.close());

  describe('full-text search', () => {
    beforeEach(() => {
      events.listed('in-body', 'a', {
        title: 'Salt barn shared by three councils',
        body: 'The barn stores gritting salt. Gritting crews load there; gritting lorries park there.',
      });
      events.listed('in-title', 'b', { title: 'Gritting routes re-planned', body: 'Fewer routes.' });
      events.listed('in-summary', 'n', {
        title: 'Depot review',
        summary: 'Gritting depots merged.',
        body: 'Two depots became one.',
      });
    });

    it('ranks title matches above summary matches above body matches', () => {
      expect(ids({ q: 'gritting' })).toEqual(['in-title', 'in-summary', 'in-body']);
    });

    it('matches words by prefix, and needs every word', () => {
      expect(ids({ q: 'gritt' })).toHaveLength(3);
      expect(ids({ q: 'gritting salt' })).toEqual(['in-body']);
    });

    it('folds diacritics both ways', () => {
      events.listed('gite', 'a', { title: 'Gîte for road crews' });
      events.listed('plain', 'b', { title: 'Depot', body: 'An old gite by the depot.' });
      expect(ids({ q: 'gite' }).sort()).toEqual(['gite', 'plain']);
      expect(ids({ q: 'GÎTE' }).sort()).toEqual(['gite', 'plain']);
    });

    it('shows where the body or else the summary matched, as escaped HTML', () => {
      events.listed('markup', 'a', {
        title: 'Markup',
        body: 'Use <script>alert(1)</script> & sweepers daily.',
      });
      const snippets = Object.fromEntries(
        [...search({ q: 'gritting' }).items, ...search({ q: 'sweepers' }).items].map((item) => [
          item.practiceId,
          item.snippet,
        ]),
      );
      expect(snippets['in-body']).toBe(
        'The barn stores <mark>gritting</mark> salt. <mark>Gritting</mark> crews load there; <mark>gritting</mark> lorries park there.',
      );
      expect(snippets['in-summary']).toBe('<mark>Gritting</mark> depots merged.');
      // A match in the title alone has nothing more to show.
      expect(snippets['in-title']).toBeUndefined();
      expect(snippets.markup).toBe(
        'Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>sweepers</mark> daily.',
      );
    });

    it('marks only what matched: snippet markers in material come back as nothing, never as <mark>', () => {
      events.listed('forged', 'a', {
        title: 'Forged',
        summary: 'Sweepers \uE000<script>\uE001 daily.',
        body: 'Sweepers \uE000forged\uE001 and \uE001\uE000 <img src=x onerror=alert(1)>.',
      });
      const [item] = search({ q: 'sweepers' }).items;
      expect(item.snippet).toBe('<mark>Sweepers</mark> forged and  &lt;img src=x onerror=alert(1)&gt;.');
      expect(item.summary).toBe('Sweepers <script> daily.');
      expect(ids({ q: 'forged' })).toEqual(['forged']);
    });

    it('never passes query syntax to FTS5: quotes, operators and punctuation are words or nothing', () => {
      for (const q of [
        '"',
        '"gritting',
        'gritting"*',
        '(gritting',
        'NEAR(gritting salt)',
        'title:gritting',
        '*',
        '-gritting',
        'gritting OR',
        'AND',
        '^',
        "'",
        '\u0000',
        '\u0302',
        '🙂',
      ])
        expect(() => search({ q })).not.toThrow();
      expect(ids({ q: 'title:gritting' })).toEqual([]);
      expect(ids({ q: 'NEAR(gritting' })).toEqual([]);
      expect(ids({ q: '"gritting' })).toHaveLength(3);
      expect(matchExpression('Gritting "routes" OR (salt*)')).toBe('"Gritting"* "routes"* "OR"* "salt"*');
    });

    it('reads a query with no word in it as no query at all', () => {
      for (const q of ['', '   ', '?!…', '"*"'])
        expect(ids({ q })).toEqual(['in-summary', 'in-title', 'in-body']);
      expect(matchExpression('?!')).toBeUndefined();
    });
  });

  describe('facets, sorting and paging', () => {
    beforeEach(() => {
      // A day apart from Christmas Eve: the last one is published in the new year.
      events = catalogueEvents(db, '2026-12-24T10:00:00.000Z');
      events.listed('p1', 'a', {
        title: 'Culvert survey',
        themes: ['drainage', 'structures'],
        authorities: ['york'],
      });
      events.listed('p2', 'a', {
        title: 'Bridge joints',
        themes: ['structures'],
        authorities: ['york', 'leeds'],
      });
      events.listed('p3', 'b', {
        title: 'Asset register',
        themes: ['asset-management'],
        authorities: ['leeds'],
      });
      events.listed('p4', 'n', { title: 'Drainage data', themes: ['drainage', 'data-and-systems'] });
    });

    it('counts each facet value over the results, with its label', () => {
      expect(search().facets).toEqual({
        theme: [
          { value: 'drainage', label: 'Drainage', count: 2 },
          { value: 'structures', label: 'Structures', count: 2 },
          { value: 'asset-management', label: 'Asset management', count: 1 },
          { value: 'data-and-systems', label: 'Data and systems', count: 1 },
        ],
        network: [
          { value: 'a', label: 'Alpha alliance', count: 2 },
          { value: 'b', label: 'Beta network', count: 1 },
          { value: 'n', label: 'National group', count: 1 },
        ],
        authority: [
          { value: 'leeds', label: 'Authority leeds', count: 2 },
          { value: 'york', label: 'Authority york', count: 2 },
        ],
        // A national network has no region: its items count under no region.
        region: [
          { value: 'North West', label: 'North West', count: 2 },
          { value: 'Yorkshire', label: 'Yorkshire', count: 1 },
        ],
        year: [
          { value: '2026', label: '2026', count: 3 },
          { value: '2027', label: '2027', count: 1 },
        ],
      });
    });

    it.each([
      ['no filter', {}],
      ['words', { q: 'survey' }],
      ['a theme', { theme: 'structures' }],
      ['a region and an authority', { region: 'North West', authority: 'york' }],
    ])(
      'gives each facet value the total that filtering by it gives (%s)',
      (_, base: Partial<CatalogueQuery>) => {
        const { facets } = search(base);
        for (const facet of CATALOGUE_FACETS)
          for (const { value, count } of facets[facet])
            expect([
              facet,
              value,
              search({ ...base, [facet]: facet === 'year' ? Number(value) : value }).total,
            ]).toEqual([facet, value, count]);
      },
    );

    it("does not apply a facet's own filter to its counts", () => {
      const { facets, total } = search({ theme: 'structures' });
      expect(total).toBe(2);
      expect(facets.theme.map(({ value, count }) => [value, count])).toEqual([
        ['drainage', 2],
        ['structures', 2],
        ['asset-management', 1],
        ['data-and-systems', 1],
      ]);
      expect(facets.network).toEqual([{ value: 'a', label: 'Alpha alliance', count: 2 }]);
    });

    it('takes several values of a facet as any of them, counting the facet as for one', () => {
      expect(ids({ theme: ['asset-management', 'data-and-systems'] })).toEqual(['p4', 'p3']);
      expect(ids({ theme: ['structures', 'drainage'], network: ['a', 'n'] })).toEqual(['p4', 'p2', 'p1']);
      expect(ids({ year: [2027], authority: ['york', 'leeds'] })).toEqual([]);
      expect(search({ theme: ['drainage', 'structures'] }).facets.theme).toEqual(search().facets.theme);
      expect(search({ network: ['a', 'b'] }).facets.theme.map(({ value, count }) => [value, count])).toEqual([
        ['structures', 2],
        ['asset-management', 1],
        ['drainage', 1],
      ]);
    });

    it('sorts newest first by default, by title, and by relevance only when there are words', () => {
      expect(ids()).toEqual(['p4', 'p3', 'p2', 'p1']);
      expect(ids({ sort: 'relevance' })).toEqual(['p4', 'p3', 'p2', 'p1']);
      expect(ids({ sort: 'title' })).toEqual(['p3', 'p2', 'p1', 'p4']);
      expect(ids({ q: 'drainage' })).toEqual(['p4', 'p1']);
      expect(ids({ q: 'drainage', sort: 'newest' })).toEqual(['p4', 'p1']);
    });

    it('pages through the results with the total of all pages', () => {
      expect([1, 2, 3].map((page) => search({ page, pageSize: 3 }))).toMatchObject([
        {
          items: [{ practiceId: 'p4' }, { practiceId: 'p3' }, { practiceId: 'p2' }],
          total: 4,
          page: 1,
          pageSize: 3,
        },
        { items: [{ practiceId: 'p1' }], total: 4, page: 2 },
        { items: [], total: 4, page: 3 },
      ]);
    });
  });

  describe('facets of many matches', () => {
    // 300 items: networks a, a, b in turn; every item has "gully" in its body, one in three "culvert" as well; one in
    // five is about structures too. A day apart, they span three years.
    beforeEach(() => {
      for (let n = 0; n < 300; n++)
        events.listed(`p${n}`, n % 3 === 2 ? 'b' : 'a', {
          body: n % 3 === 0 ? 'gully culvert' : 'gully',
          themes: n % 5 === 0 ? ['drainage', 'structures'] : ['drainage'],
          authorities: n % 2 === 0 ? ['york'] : ['leeds'],
        });
    });
    const sampled = (query: Partial<CatalogueQuery>, exactFacetsUpTo: number) =>
      searchCatalogue(db, { page: 1, pageSize: 20, ...query }, (code) => `Authority ${code}`, {
        exactFacetsUpTo,
      });

    it('counts exactly up to the bound, and says so', () => {
      const exact = search({ q: 'culvert' });
      expect(exact.total).toBe(100);
      expect(exact.facetsApproximate).toBe(false);
      expect(sampled({ q: 'culvert' }, 100)).toEqual(exact);
    });

    it.each([
      ['no words', {}],
      ['a word', { q: 'gully' }],
      ['a word and a filter', { q: 'gully', network: 'a' }],
      ['filters of several values', { theme: ['drainage', 'structures'], authority: ['york', 'leeds'] }],
    ])(
      'past the bound, estimates each count from a sample, to two figures, and says so; the total stays exact (%s)',
      (_, query: Partial<CatalogueQuery>) => {
        const exact = search(query);
        const estimated = sampled(query, 60);
        expect(estimated.facetsApproximate).toBe(true);
        expect(estimated.total).toBe(exact.total);
        expect(estimated.items).toEqual(exact.items);
        for (const facet of CATALOGUE_FACETS) {
          // No value here is rare enough to be missed by a sample of about 60.
          expect(estimated.facets[facet].map(({ value }) => value).sort()).toEqual(
            exact.facets[facet].map(({ value }) => value).sort(),
          );
          for (const { value, count } of estimated.facets[facet]) {
            const truth = exact.facets[facet].find((exactly) => exactly.value === value)!.count;
            expect([facet, value, Math.abs(count - truth) <= truth / 4]).toEqual([facet, value, true]);
            expect(Number(count.toPrecision(2))).toBe(count);
          }
        }
      },
    );
  });

  describe('practices of related authorities', () => {
    const related = (practiceId: string, picked: string[]) =>
      practicesOfRelatedAuthorities(db, practiceId, () => picked, 5).map((item) => item.practiceId);

    it('finds other practices naming a related authority, or from a network of one when they name none', () => {
      events.apply(events.authorityAdded('n', 'kent'));
      events.listed('york', 'a', { authorities: ['york'] });
      events.listed('york-and-leeds', 'a', { authorities: ['leeds', 'york'] });
      events.listed('kent-network', 'n');
      events.listed('devon', 'b', { authorities: ['devon'] });
      expect(related('york', ['york', 'kent'])).toEqual(['kent-network', 'york-and-leeds']);
      expect(related('york', [])).toEqual([]);
    });

    it("passes the practice's own authorities, or its network's, to pick the related ones", () => {
      events.apply(events.authorityAdded('n', 'kent'));
      events.listed('named', 'a', { authorities: ['york'] });
      events.listed('unnamed', 'n');
      const seen: string[][] = [];
      for (const practiceId of ['named', 'unnamed', 'unknown'])
        practicesOfRelatedAuthorities(db, practiceId, (own) => (seen.push(own), []), 5);
      expect(seen).toEqual([['york'], ['kent'], []]);
    });
  });
});

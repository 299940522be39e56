import Database from 'better-sqlite3';
import fc from 'fast-check';
import { catalogueProjection } from './catalogue.projection';
import { searchCatalogue } from './catalogue.queries';
import type { CatalogueQuery } from './catalogue-search';
import { catalogueEvents } from './testing/catalogue-events';

const WORDS = ['gully', 'gritting', 'salt', 'drainage', 'culvert'];
const RUNS = Number(process.env.FC_RUNS ?? 100);

/**
 * Pages read one after another give the whole result list, in its order, with one total: whatever the ties in
 * rank (texts drawn from five words tie often), the page size, and whether a filter is in force. A page by relevance
 * without filters reads only the matches ranked no worse than its last; a wrong bound loses or repeats items here.
 */
describe('catalogue pages', () => {
  it('put together, are the whole result list in order, each with the same total', () => {
    const text = fc
      .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 })
      .map((words) => words.join(' '));
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: text, body: text, network: fc.constantFrom('a', 'b') }), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<CatalogueQuery['sort']>('relevance', 'newest', 'title'),
        fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
        (items, words, pageSize, sort, network) => {
          const db = new Database(':memory:');
          try {
            db.exec(catalogueProjection.schema);
            const events = catalogueEvents(db);
            events.apply(events.enrolled('a', 'Alpha'), events.enrolled('b', 'Beta'));
            items.forEach(({ title, body, network }, i) => events.listed(`p${i}`, network, { title, body }));
            const query = { q: words.join(' '), sort, network };
            const search = (page: number, size: number) =>
              searchCatalogue(db, { ...query, page, pageSize: size }, (code) => code);

            const whole = search(1, 100);
            const pages = Array.from({ length: Math.ceil(whole.total / pageSize) + 1 }, (_, i) =>
              search(i + 1, pageSize),
            );
            expect(pages.flatMap((page) => page.items)).toEqual(whole.items);
            expect(pages.map((page) => page.total)).toEqual(pages.map(() => whole.items.length));
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

import Database from 'better-sqlite3';
import { dumpReadModel } from '../read-model-dump';
import { catalogueProjection } from './catalogue.projection';
import type { CatalogueQuery } from './catalogue-search';
import { listPublished, publishedPractice, searchCatalogue } from './catalogue.queries';
import { catalogueEvents } from './testing/catalogue-events';

describe('catalogue projection', () => {
  let db: Database.Database;
  let events: ReturnType<typeof catalogueEvents>;
  const listed = () => listPublished(db).map((item) => item.practiceId);
  const found = (q: string) =>
    searchCatalogue(db, { q, page: 1, pageSize: 20 }, (code) => code).items.map((item) => item.practiceId);

  /** FTS5's own check that the index holds exactly what the items hold. */
  const expectIndexInStep = () =>
    expect(() =>
      db.exec(`INSERT INTO catalogue_search (catalogue_search) VALUES ('integrity-check')`),
    ).not.toThrow();

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(catalogueProjection.schema);
    events = catalogueEvents(db);
    events.apply(events.enrolled('a', 'Alpha alliance', 'North West'), events.enrolled('z', 'Zeta group'));
  });
  afterEach(() => db.close());

  it('lists material once published, with the time the publication was decided and its network', () => {
    events.apply(
      events.submitted('p1', 'a', { title: 'Gully cleansing', themes: ['drainage', 'carriageways'] }),
    );
    expect(listed()).toEqual([]);
    expect(publishedPractice(db, 'p1')).toBeUndefined();

    events.apply(events.published('p1', 1));
    expect(publishedPractice(db, 'p1')).toEqual({
      practiceId: 'p1',
      networkId: 'a',
      networkName: 'Alpha alliance',
      region: 'North West',
      version: 1,
      publishedAt: '2026-11-05T10:00:00.000Z',
      firstPublishedAt: '2026-11-05T10:00:00.000Z',
      content: expect.objectContaining({ title: 'Gully cleansing', themes: ['drainage', 'carriageways'] }),
      sealedContact: events.sealed('a-contributor'),
      versions: [
        { version: 1, publishedAt: '2026-11-05T10:00:00.000Z', title: 'Gully cleansing', changed: [] },
      ],
      // The builders publish without an approval in between: no receipt, the publishing event's position only.
      decision: null,
      publishedPosition: expect.any(String),
    });
    expect(found('gully')).toEqual(['p1']);
    // Theme labels are searchable too.
    expect(found('carriageways')).toEqual(['p1']);
  });

  it('keeps the published version public while a revision is in review, and replaces it once that is published', () => {
    events.listed('p1', 'a', { title: 'Winter patrols, first edition' });
    events.apply(events.revised('p1', 2, { title: 'Winter patrols, second edition' }));
    expect(publishedPractice(db, 'p1')).toMatchObject({
      version: 1,
      content: { title: 'Winter patrols, first edition' },
      versions: [{ version: 1, title: 'Winter patrols, first edition' }],
    });
    expect(found('second')).toEqual([]);

    events.apply(events.published('p1', 2));
    const item = publishedPractice(db, 'p1')!;
    expect(item).toMatchObject({ version: 2, content: { title: 'Winter patrols, second edition' } });
    expect(item.publishedAt > item.firstPublishedAt).toBe(true);
    expect(item.versions).toEqual([
      { version: 1, publishedAt: item.firstPublishedAt, title: 'Winter patrols, first edition', changed: [] },
      // What a version changed from the one before: here only its title.
      {
        version: 2,
        publishedAt: item.publishedAt,
        title: 'Winter patrols, second edition',
        changed: ['title'],
      },
    ]);
    expect(found('second')).toEqual(['p1']);
    expect(found('first')).toEqual([]);
    expectIndexInStep();
  });

  it("replaces a republished item's themes and authorities with its new version's", () => {
    events.listed('p1', 'a', { themes: ['drainage', 'lighting'], authorities: ['york'] });
    events.apply(
      events.revised('p1', 2, { themes: ['winter'], authorities: ['leeds', 'hull'] }),
      events.published('p1', 2),
    );
    const of = (query: Partial<CatalogueQuery>) =>
      searchCatalogue(db, { ...query, page: 1, pageSize: 20 }, (code) => code).items.map(
        (item) => item.practiceId,
      );
    expect(of({ theme: 'winter' })).toEqual(['p1']);
    expect(of({ theme: 'drainage' })).toEqual([]);
    expect(of({ authority: ['leeds', 'hull'] })).toEqual(['p1']);
    expect(of({ authority: 'york' })).toEqual([]);
  });

  it("gives the version approved a receipt with each approving network's time, from its own round only", () => {
    events.apply(
      events.submitted('p1', 'a'),
      events.approvedBy('p1', 1, 'z'),
      events.revised('p1', 2),
      events.approvedBy('p1', 2, 'a'),
      events.approvedBy('p1', 2, 'z'),
      events.approved('p1', 2, ['a', 'z']),
      events.published('p1', 2),
    );
    const { decision } = publishedPractice(db, 'p1')!;
    expect(decision).toEqual({
      approvedBy: 'quorum',
      approvedAt: '2026-11-09T10:00:00.000Z',
      policyVersion: 1,
      quorum: 2,
      approvals: [
        // z approved round 1 too (on the 4th): the receipt of version 2 has its approval of round 2.
        { networkId: 'a', approvedAt: '2026-11-07T10:00:00.000Z' },
        { networkId: 'z', approvedAt: '2026-11-08T10:00:00.000Z' },
      ],
    });
    // Round 2's approvals went into the receipt; round 1 was never decided.
    expect(db.prepare('SELECT round, network_id FROM catalogue_approvals').all()).toEqual([
      { round: 1, network_id: 'z' },
    ]);
  });

  it('lists a version never published in the history with no publication time', () => {
    events.listed('p1', 'a', { title: 'Edition one' });
    events.apply(
      events.revised('p1', 2, { title: 'Edition two' }),
      events.revised('p1', 3, { title: 'Edition three' }),
      events.published('p1', 3),
    );
    expect(
      publishedPractice(db, 'p1')!.versions.map(({ version, publishedAt }) => [version, publishedAt]),
    ).toEqual([
      [1, expect.any(String)],
      [2, null],
      [3, expect.any(String)],
    ]);
  });

  it('drops withdrawn and retired material from the catalogue and its index', () => {
    events.listed('p1', 'a', { title: 'Shared salt barn' });
    events.listed('p2', 'z', { title: 'Shared depot' });
    events.listed('p3', 'z', { title: 'Shared gully tanker' });
    events.apply(events.withdrawn('p1'), events.retired('p2'));
    expect(listed()).toEqual(['p3']);
    expect(found('shared')).toEqual(['p3']);
    expect(publishedPractice(db, 'p1')).toBeUndefined();
    expectIndexInStep();
  });

  it('rebuilds to the same views from the same events', () => {
    const replay = () => {
      const fresh = new Database(':memory:');
      fresh.exec(catalogueProjection.schema);
      const again = catalogueEvents(fresh);
      again.apply(again.enrolled('a', 'Alpha alliance'), again.authorityAdded('a', 'york'));
      again.listed('p1', 'a', { title: 'One' });
      again.listed('p2', 'a', { title: 'Two' });
      again.apply(
        again.withdrawn('p1'),
        again.revised('p2', 2, { title: 'Two again' }),
        again.published('p2', 2),
      );
      const dump = dumpReadModel(fresh);
      fresh.close();
      return dump;
    };
    expect(replay()).toBe(replay());
  });
});

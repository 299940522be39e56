import { xml2js } from 'xml-js';
import { FixedClock } from '@app/application';
import { ProjectionRunner, UnansweredSearches } from '@app/read-models';
import { CURRENT_PRINCIPLES, DISCLAIMER } from '@app/reference-data';
import { pdf } from './fixtures/sample-files';
import { eventually } from './support/eventually';
import {
  enrolNetwork,
  enrolSeatedNetworks,
  eventuallyAppended,
  RunningApi,
  startApi,
} from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-catalogue-test-0123456789';
const PUBLIC_URL = 'https://catalogue.example.org';
const NO_SUCH = '6f1d7c2e-3b1a-4c55-9b1e-0d6a2f0c9a11';
const CONTACT = { name: 'Cat Alogue', email: 'cat.alogue@example.org' };
const FACETS = ['theme', 'network', 'authority', 'region', 'year'] as const;

const content = (overrides: Record<string, unknown>) => ({
  summary: 'What was done.',
  body: 'How it went.',
  themes: ['carriageways'],
  authorities: [],
  links: [],
  attachments: [],
  contact: CONTACT,
  ...overrides,
});

interface Item {
  practiceId: string;
  title: string;
  snippet?: string;
}
interface Facet {
  value: string;
  label: string;
  count: number;
}

describe('the public catalogue over HTTP', () => {
  let api: RunningApi;
  let root: string;
  // Late on New Year's Eve, an hour per publication: material falls in two years of publication.
  const clock = new FixedClock(new Date('2026-12-31T21:00:00.000Z'));
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  /** The position of the last write: every read waits for it (read-your-writes). */
  let position = 0;
  const seats = ['a', 'b', 'c', 'nw', 'sw'];

  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api.call(method, path, token, body);
  const withPosition = (path: string) => `${path}${path.includes('?') ? '&' : '?'}minPosition=${position}`;
  const catalogue = async (query: Record<string, string | number> = {}) => {
    const params = new URLSearchParams(
      Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
    );
    const response = await call('GET', withPosition(`/catalogue?${params}`));
    expect(response.status).toBe(200);
    return response.body as {
      items: Item[];
      facets: Record<string, Facet[]>;
      facetsApproximate: boolean;
      total: number;
      page: number;
    };
  };
  const found = async (query: Record<string, string | number>) =>
    (await catalogue({ pageSize: 100, ...query })).items.map((item) => item.practiceId);
  const openData = async (path: string) => {
    const response = await fetch(`${root}${withPosition(path)}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };
  const wrote = (response: { status: number; body: { position: number } }, status = 200) => {
    expect(response.status).toBe(status);
    position = response.body.position;
    return response.body;
  };

  async function reviewed(practiceId: string, owner: string, round: number) {
    for (const reviewer of seats.filter((seat) => seat !== owner).slice(0, 2))
      expect(
        (
          await call('POST', `/practices/${practiceId}/reviews`, tokens[reviewer], {
            round,
            verdict: 'approve',
            comment: '',
          })
        ).status,
      ).toBe(201);
  }

  /** Submitted, approved by two other seats and published: the practice's id. */
  async function published(networkId: string, overrides: Record<string, unknown>, token = tokens[networkId]) {
    const { practiceId } = wrote(
      await call('POST', '/practices', token, content(overrides)),
      201,
    ) as unknown as {
      practiceId: string;
    };
    await reviewed(practiceId, networkId, 1);
    wrote(await call('POST', `/practices/${practiceId}/publish`, token));
    clock.set(new Date(clock.now().getTime() + 3_600_000));
    return practiceId;
  }

  beforeAll(async () => {
    api = await startApi(
      'catalogue',
      { BOOTSTRAP_TOKEN: FACILITATOR, PUBLIC_URL, RATE_LIMIT_PER_MINUTE: '100000' },
      { clock },
    );
    root = api.base.replace(/\/api\/v1$/, '');
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    for (const [networkId, { token }] of Object.entries(coordinators)) tokens[networkId] = token;
    for (const [networkId, region] of [
      ['nw', 'North West'],
      ['sw', 'South West'],
    ]) {
      const { token, personId } = await enrolNetwork(api, FACILITATOR, networkId, {
        name: `${region} alliance`,
        region,
      });
      tokens[networkId] = token;
      expect((await call('PUT', `/networks/${networkId}/representative`, token, { personId })).status).toBe(
        200,
      );
      expect(
        (
          await call('POST', `/networks/${networkId}/principles`, token, {
            principlesVersion: CURRENT_PRINCIPLES.version,
          })
        ).status,
      ).toBe(200);
    }

    const upload = await fetch(`${api.base}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.a}`,
        'content-type': 'application/pdf',
        'x-filename': 'routes.pdf',
      },
      body: pdf(),
    });
    const report = (await upload.json()) as Record<string, unknown>;
    expect(upload.status).toBe(201);

    ids.titleHit = await published('a', {
      title: 'Gritting routes re-planned',
      summary: 'Fewer routes for the same coverage.',
      body: 'Every route was re-planned with routing software.',
      themes: ['winter-service'],
      authorities: ['york'],
      attachments: [{ ...report, name: 'routes.pdf' }],
      links: ['https://example.org/routes'],
      savings: { amountPerYear: 120000, basis: 'Two fewer lorries on standby' },
    });
    ids.bodyHit = await published('b', {
      title: 'Salt barn shared by three councils',
      summary: 'One barn instead of three.',
      body: 'The barn stores gritting salt for the three councils.',
      themes: ['winter-service', 'collaboration'],
      authorities: ['bedford'],
    });
    ids.gite = await published('nw', {
      title: 'Gîte turned into a welfare unit',
      summary: 'An old lodge for road crews.',
      themes: ['asset-management'],
      authorities: ['devon'],
    });
    ids.plainGite = await published('sw', {
      title: 'Depot welfare review',
      body: 'The old gite beside the depot was kept for the crews.',
      themes: ['asset-management', 'collaboration'],
      authorities: ['kent'],
    });
    ids.gullies = await published('c', {
      title: 'Gully cleansing by risk',
      themes: ['drainage'],
      authorities: ['york', 'kent'],
    });
  });
  afterAll(() => api.close());

  describe('search', () => {
    it('ranks an item with the word in its title above one with it only in the body, with snippets', async () => {
      const { items, total } = await catalogue({ q: 'gritting' });
      expect(total).toBe(2);
      expect(items.map((item) => item.practiceId)).toEqual([ids.titleHit, ids.bodyHit]);
      expect(items[1].snippet).toContain('<mark>gritting</mark>');
      expect(await found({ q: 'gritting', sort: 'newest' })).toEqual([ids.bodyHit, ids.titleHit]);
    });

    it('folds diacritics: "Gîte" finds gite and "gite" finds Gîte', async () => {
      expect((await found({ q: 'gite' })).sort()).toEqual([ids.gite, ids.plainGite].sort());
      expect((await found({ q: 'Gîte' })).sort()).toEqual([ids.gite, ids.plainGite].sort());
    });

    it('answers every query, however malformed, without a server error', async () => {
      for (const q of [
        '"',
        '"gritting',
        'gritting"*',
        'NEAR(gritting',
        'title:gritting',
        '*',
        'a OR',
        '(',
        '🙂',
        '\\',
      ])
        expect([q, (await call('GET', `/catalogue?q=${encodeURIComponent(q)}`)).status]).toEqual([q, 200]);
      const nothingToSearch = await catalogue({ q: '?!*' });
      expect(nothingToSearch.total).toBe((await catalogue()).total);
      const refused = await call('GET', '/catalogue?q=a&q=b');
      expect([refused.status, refused.type]).toEqual([
        400,
        expect.stringMatching(/application\/problem\+json/),
      ]);
    });

    it('counts searches that found nothing, folded, and not those that found something', async () => {
      const searches = api.app.get(UnansweredSearches);
      await catalogue({ q: 'Pothole  robots' });
      await catalogue({ q: 'pothole robots', theme: 'drainage' });
      await catalogue({ q: 'gritting' });
      await catalogue({ theme: 'structures' });
      const counted = searches.list(100);
      expect(counted).toContainEqual({
        query: 'pothole robots',
        count: 2,
        lastAt: clock.now().toISOString(),
      });
      expect(counted.map((search) => search.query)).not.toContain('gritting');
      expect(searches.total()).toBe(counted.reduce((sum, search) => sum + search.count, 0));
    });
  });

  describe('facets', () => {
    it('counts themes, networks, authorities, regions and years of publication, with labels', async () => {
      const { facets, facetsApproximate } = await catalogue();
      // Exact below a thousand matches (past it, estimated from a sample: catalogue.queries.spec.ts).
      expect(facetsApproximate).toBe(false);
      expect(facets.theme).toEqual(
        expect.arrayContaining([
          { value: 'winter-service', label: 'Winter service', count: 2 },
          { value: 'collaboration', label: 'Collaboration', count: 2 },
        ]),
      );
      expect(facets.region).toEqual([
        { value: 'North West', label: 'North West', count: 1 },
        { value: 'South West', label: 'South West', count: 1 },
      ]);
      expect(facets.authority).toEqual(expect.arrayContaining([{ value: 'york', label: 'York', count: 2 }]));
      expect(facets.network).toEqual(
        expect.arrayContaining([{ value: 'nw', label: 'North West alliance', count: 1 }]),
      );
      expect(facets.year).toEqual([
        { value: '2026', label: '2026', count: 3 },
        { value: '2027', label: '2027', count: 2 },
      ]);
    });

    it.each([
      ['no filter', {}],
      ['words', { q: 'gritting' }],
      ['a theme (its own counts ignore it)', { theme: 'collaboration' }],
      ['a year and an authority', { year: 2027, authority: 'kent' }],
    ])('gives each facet value the total of the same query filtered by it: %s', async (_, base) => {
      const { facets } = await catalogue(base);
      for (const facet of FACETS)
        for (const { value, count } of facets[facet])
          expect([facet, value, (await catalogue({ ...base, [facet]: value })).total]).toEqual([
            facet,
            value,
            count,
          ]);
    });
  });

  describe('paging', () => {
    it('pages to the last page and past it, with the right total', async () => {
      const { total } = await catalogue();
      const lastPage = Math.ceil(total / 2);
      const last = await catalogue({ pageSize: 2, page: lastPage });
      expect(last.items).toHaveLength(total - 2 * (lastPage - 1));
      expect(await catalogue({ pageSize: 2, page: lastPage + 1 })).toMatchObject({
        items: [],
        total,
        page: lastPage + 1,
      });
      const everything = await catalogue({ pageSize: 100 });
      expect(everything.items).toHaveLength(total);
      const pages = [];
      for (let page = 1; page <= lastPage; page++)
        pages.push(...(await catalogue({ pageSize: 2, page })).items);
      expect(pages.map((item) => item.practiceId)).toEqual(everything.items.map((item) => item.practiceId));
    });

    it.each([
      ['pageSize=101', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['page=0', 'page'],
      ['sort=popular', 'sort'],
      ['year=twenty', 'year'],
      ['theme=potholes', 'theme'],
      ['colour=red', 'colour'],
      ['minPosition=soon', 'minPosition'],
    ])('refuses %s with a problem naming the field', async (query, field) => {
      const response = await call('GET', `/catalogue?${query}`);
      expect(response.status).toBe(400);
      expect(response.type).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });
  });

  describe('an item', () => {
    it('shows the published content, contact, network, versions, disclaimer and similar authorities', async () => {
      const response = await call('GET', withPosition(`/catalogue/${ids.titleHit}`));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        practiceId: ids.titleHit,
        version: 1,
        networkId: 'a',
        network: { networkId: 'a', name: 'Network a' },
        title: 'Gritting routes re-planned',
        body: 'Every route was re-planned with routing software.',
        themes: [{ code: 'winter-service', label: 'Winter service' }],
        authorities: [{ code: 'york', name: 'York', fundingBand: 2 }],
        links: ['https://example.org/routes'],
        attachments: [{ name: 'routes.pdf', mediaType: 'application/pdf' }],
        savings: { amountPerYear: 120000, basis: 'Two fewer lorries on standby' },
        contact: CONTACT,
        versions: [
          {
            version: 1,
            publishedAt: response.body.publishedAt,
            title: 'Gritting routes re-planned',
            changed: [],
          },
        ],
        disclaimer: DISCLAIMER,
      });
      // York and Bedford are in one funding band (newest first), Devon and Kent in the top one.
      expect(response.body.similarAuthorities.map((item: Item) => item.practiceId)).toEqual([
        ids.gullies,
        ids.bodyHit,
      ]);
      const devon = await call('GET', withPosition(`/catalogue/${ids.gite}`));
      expect(devon.body.similarAuthorities.map((item: Item) => item.practiceId).sort()).toEqual(
        [ids.plainGite, ids.gullies].sort(),
      );
    });

    it('answers 404 problems for an unknown or unpublished practice', async () => {
      const unpublished = wrote(
        await call('POST', '/practices', tokens.a, content({ title: 'Not yet' })),
        201,
      );
      for (const id of [NO_SUCH, (unpublished as unknown as { practiceId: string }).practiceId]) {
        const response = await call('GET', withPosition(`/catalogue/${id}`));
        expect([response.status, response.type, response.body.type]).toEqual([
          404,
          expect.stringMatching(/application\/problem\+json/),
          '/problems/not-found',
        ]);
      }
    });
  });

  describe('lifecycle', () => {
    it('drops withdrawn material', async () => {
      const id = await published('a', { title: 'Withdrawn soon' });
      expect(await found({ q: 'withdrawn' })).toEqual([id]);
      wrote(await call('POST', `/practices/${id}/withdraw`, tokens.a, { reason: 'Superseded' }));
      expect(await found({ q: 'withdrawn' })).toEqual([]);
      expect((await call('GET', withPosition(`/catalogue/${id}`))).status).toBe(404);
    });

    it('drops material retired by a carried motion', async () => {
      const id = await published('b', { title: 'Retired soon' });
      const { motionId } = wrote(
        await call('POST', '/motions', tokens.a, {
          kind: 'retire-practice',
          payload: { practiceId: id, reason: 'Out of date' },
          closesAt: new Date(clock.now().getTime() + 7 * 86_400_000).toISOString(),
        }),
        201,
      ) as unknown as { motionId: string };
      for (const seat of ['a', 'b', 'c'])
        expect((await call('POST', `/motions/${motionId}/votes`, tokens[seat], { vote: 'for' })).status).toBe(
          200,
        );
      position = Number((await eventuallyAppended(api.store, `practice-${id}`, 'PracticeRetired')).position);
      expect(await found({ q: 'retired' })).toEqual([]);
      expect((await call('GET', withPosition(`/catalogue/${id}`))).status).toBe(404);
    });

    it('keeps the published version while a revision is in review, and shows the new one once published', async () => {
      const id = await published('c', { title: 'Winter patrol handbook' });
      const revision = content({ title: 'Winter patrol handbook, second edition', basedOnVersion: 1 });
      wrote(await call('POST', `/practices/${id}/revisions`, tokens.c, revision), 201);
      const inReview = (await call('GET', withPosition(`/catalogue/${id}`))).body;
      expect(inReview).toMatchObject({ version: 1, title: 'Winter patrol handbook' });
      expect(inReview.versions.map((v: { version: number }) => v.version)).toEqual([1]);
      expect(await found({ q: 'second edition' })).toEqual([]);

      await reviewed(id, 'c', 2);
      wrote(await call('POST', `/practices/${id}/publish`, tokens.c));
      const republished = (await call('GET', withPosition(`/catalogue/${id}`))).body;
      expect(republished).toMatchObject({ version: 2, title: 'Winter patrol handbook, second edition' });
      expect(republished.versions).toEqual([
        { version: 1, publishedAt: inReview.publishedAt, title: 'Winter patrol handbook', changed: [] },
        {
          version: 2,
          publishedAt: republished.publishedAt,
          title: 'Winter patrol handbook, second edition',
          changed: ['title'],
        },
      ]);
      expect(await found({ q: 'second edition' })).toEqual([id]);
      expect((await catalogue({ q: 'patrol handbook' })).items).toMatchObject([
        { practiceId: id, version: 2 },
      ]);
    });
  });

  describe('personal data', () => {
    it('shows the contact only on the item view, and shows a forgotten contact as forgotten', async () => {
      const member = wrote(
        await call('POST', '/networks/a/members', tokens.a, {
          name: 'Fay Forget',
          email: 'fay.forget@example.org',
          roles: ['contributor'],
        }),
        201,
      ) as unknown as { personId: string };
      const { token } = (await call('POST', `/networks/a/members/${member.personId}/tokens`, tokens.a, {}))
        .body;
      const id = await published(
        'a',
        { title: 'Forgettable contact', contact: { name: 'Fay Forget', email: 'fay.forget@example.org' } },
        token,
      );

      const everywhere = [
        JSON.stringify(await catalogue({ pageSize: 100 })),
        JSON.stringify(await catalogue({ q: 'gritting' })),
        (await openData('/catalogue.atom')).text,
        (await openData('/catalogue.csv')).text,
        (await openData('/catalogue.jsonld')).text,
      ];
      for (const text of everywhere) {
        expect(text).toContain(ids.titleHit);
        expect(text).not.toMatch(/@example\.org|Cat Alogue|Fay Forget/);
      }
      expect((await call('GET', withPosition(`/catalogue/${id}`))).body.contact).toEqual({
        name: 'Fay Forget',
        email: 'fay.forget@example.org',
      });

      // The contact has a key of its own; a policy erases the contacts a forgotten person gave, after the erasure.
      expect((await call('DELETE', `/people/${member.personId}/personal-data`, tokens.a)).status).toBe(200);
      await eventually(
        'the contact to be forgotten',
        async () => (await call('GET', `/catalogue/${id}`)).body.contact?.forgotten === true,
      );
      expect((await call('GET', withPosition(`/catalogue/${ids.titleHit}`))).body.contact).toEqual(CONTACT);
    });
  });

  describe('read-your-writes', () => {
    it('waits on public routes for the position a write returned', async () => {
      const runner = api.app.get(ProjectionRunner);
      // Searched once before: a page kept for an earlier position must not be served for a later one.
      expect((await call('GET', '/catalogue?q=read+writes')).body.total).toBe(0);
      await runner.stop();
      try {
        const id = await published('b', { title: 'Read your writes' });
        // The views are held back: without minPosition the catalogue does not have it yet.
        expect((await call('GET', `/catalogue/${id}`)).status).toBe(404);
        const list = call('GET', withPosition('/catalogue?q=read+writes'));
        const item = call('GET', withPosition(`/catalogue/${id}`));
        const feed = openData('/catalogue.atom');
        await new Promise((resolve) => setTimeout(resolve, 100));
        runner.start();
        expect((await list).body.items.map((found: Item) => found.practiceId)).toEqual([id]);
        expect((await item).status).toBe(200);
        expect((await feed).text).toContain(id);
      } finally {
        runner.start();
      }
    });
  });

  describe('feed and open data', () => {
    it('serves the newest publications as an Atom feed that parses as XML', async () => {
      // Control characters never reach the log now (refused as input), so markup is what is left to escape.
      const marked = await published('a', { title: 'Markup <b>shown</b> ]]> & as text' });
      const { status, type, text } = await openData('/catalogue.atom');
      expect([status, type]).toEqual([200, 'application/atom+xml; charset=utf-8']);
      const { feed } = xml2js(text, { compact: true }) as {
        feed: {
          entry: Array<Record<string, { _text?: string; _cdata?: string; _attributes?: { href: string } }>>;
        };
      };
      const listed = await catalogue({ pageSize: 100 });
      expect(feed.entry).toHaveLength(listed.total);
      const entry = feed.entry.find((e) => e.id._text === `${PUBLIC_URL}/api/v1/catalogue/${ids.titleHit}`)!;
      expect(entry.title._cdata).toBe('Gritting routes re-planned');
      expect(entry.link._attributes!.href).toBe(`${PUBLIC_URL}/practices/${ids.titleHit}`);
      // Titles are html in Atom: markup in material is escaped.
      expect(feed.entry[0]).toMatchObject({
        id: { _text: `${PUBLIC_URL}/api/v1/catalogue/${marked}` },
        title: { _cdata: 'Markup &lt;b&gt;shown&lt;/b&gt; ]]&gt; &amp; as text' },
      });
      expect(feed.entry.map((e) => e.id._text)).toEqual(
        listed.items.map((item) => `${PUBLIC_URL}/api/v1/catalogue/${item.practiceId}`),
      );
    });

    it('serves one CSV row per published item, lists joined with ";"', async () => {
      const { status, type, text } = await openData('/catalogue.csv');
      expect([status, type]).toEqual([200, 'text/csv; charset=utf-8']);
      const [header, ...rows] = text.trimEnd().split('\r\n');
      expect(header).toBe(
        'practiceId,version,title,summary,themes,authorities,networkId,network,region,publishedAt,firstPublishedAt,savingsPerYear,links,landingPage',
      );
      expect(rows).toHaveLength((await catalogue()).total);
      const row = rows.find((line) => line.startsWith(ids.bodyHit))!.split(',');
      expect(row.slice(0, 9)).toEqual([
        ids.bodyHit,
        '1',
        'Salt barn shared by three councils',
        'One barn instead of three.',
        'winter-service;collaboration',
        'bedford',
        'b',
        'Network b',
        '',
      ]);
    });

    it('serves a DCAT-AP catalogue in JSON-LD', async () => {
      const { status, type, text } = await openData('/catalogue.jsonld');
      expect([status, type]).toEqual([200, 'application/ld+json; charset=utf-8']);
      const document = JSON.parse(text);
      expect(document['@context']).toMatchObject({
        dcat: 'http://www.w3.org/ns/dcat#',
        dct: 'http://purl.org/dc/terms/',
        foaf: 'http://xmlns.com/foaf/0.1/',
        vcard: 'http://www.w3.org/2006/vcard/ns#',
      });
      expect(document['@type']).toBe('dcat:Catalog');
      expect(document['dcat:dataset']).toHaveLength((await catalogue()).total);
      const dataset = document['dcat:dataset'].find(
        (d: Record<string, unknown>) => d['dct:identifier'] === ids.titleHit,
      );
      expect(dataset).toMatchObject({
        '@type': 'dcat:Dataset',
        'dct:title': 'Gritting routes re-planned',
        'dct:description': 'Fewer routes for the same coverage.',
        'dcat:keyword': ['Winter service'],
        'dct:issued': { '@value': expect.stringMatching(/^2026-12-31T/), '@type': 'xsd:dateTime' },
        'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': 'Network a' },
        'dcat:landingPage': { '@id': `${PUBLIC_URL}/practices/${ids.titleHit}` },
        'dcat:distribution': [
          {
            '@type': 'dcat:Distribution',
            'dcat:mediaType': { '@id': 'https://www.iana.org/assignments/media-types/application/pdf' },
            'dcat:byteSize': { '@value': String(pdf().length) },
            'dcat:downloadURL': {
              '@id': expect.stringMatching(
                /^https:\/\/catalogue\.example\.org\/api\/v1\/attachments\/[0-9a-f]{64}$/,
              ),
            },
          },
        ],
      });
    });

    it("lets anyone download a published item's attachment from its downloadURL; other blobs stay members'", async () => {
      const document = JSON.parse((await openData('/catalogue.jsonld')).text);
      const dataset = document['dcat:dataset'].find(
        (d: Record<string, unknown>) => d['dct:identifier'] === ids.titleHit,
      );
      const url = new URL(dataset['dcat:distribution'][0]['dcat:downloadURL']['@id']);
      const published = await fetch(`${root}${url.pathname}`);
      expect(published.status).toBe(200);
      expect(Buffer.from(await published.arrayBuffer()).equals(pdf())).toBe(true);

      const unpublished = await fetch(`${api.base}/attachments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.a}`,
          'content-type': 'application/pdf',
          'x-filename': 'draft.pdf',
        },
        body: pdf('Not yet published'),
      });
      const { sha256 } = (await unpublished.json()) as { sha256: string };
      expect((await fetch(`${api.base}/attachments/${sha256}`)).status).toBe(401);
      const member = await fetch(`${api.base}/attachments/${sha256}`, {
        headers: { authorization: `Bearer ${tokens.b}` },
      });
      expect(member.status).toBe(200);
    });

    it('lives at the root, outside /api/v1', async () => {
      expect((await fetch(`${api.base}/catalogue.atom`)).status).toBe(404);
      expect((await fetch(`${root}/catalogue.csv?colour=red`)).status).toBe(400);
    });
  });
});

import { enrolSeatedNetworks, RunningApi, startApi } from '../support/running-api';

const FACILITATOR = 'facilitator-token-for-the-control-characters-test-0123456789';

/** The rows of a CSV text as a spreadsheet reads them: a CR, an LF or a CRLF outside quotes ends a row. */
function spreadsheetRows(csv: string): string[] {
  const rows: string[] = [];
  let row = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const char = csv[i];
    if (char === '"') quoted = !quoted;
    if (quoted || (char !== '\r' && char !== '\n')) row += char;
    else {
      if (char === '\r' && csv[i + 1] === '\n') i++;
      rows.push(row);
      row = '';
    }
  }
  return row ? [...rows, row] : rows;
}

/** Issue 9, finding 9: control characters are refused in every text input; CR and LF stay inside their CSV cell. */
describe('control characters', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi('http-control-characters', {
      BOOTSTRAP_TOKEN: FACILITATOR,
      RATE_LIMIT_PER_MINUTE: '100000',
    });
  });
  afterAll(() => api.close());

  const raw = (method: string, path: string, body?: string, token = FACILITATOR) =>
    fetch(`${api.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }));

  it.each([
    ['a NUL in a public body', '/subscriptions', '{"email":"reader\\u0000@example.org"}', 'email'],
    [
      'a BEL in a nested field',
      '/networks',
      '{"networkId":"wmha","name":"West Midlands","scope":"regional","coordinator":{"name":"Co\\u0007ordinator","email":"c@example.org"}}',
      'coordinator.name',
    ],
    [
      'a lone surrogate',
      '/networks',
      '{"networkId":"wmha","name":"West \\ud800 Midlands","scope":"regional","coordinator":{"name":"C","email":"c@example.org"}}',
      'name',
    ],
    ['a DEL', '/subscriptions', '{"email":"reader\\u007f@example.org"}', 'email'],
  ])('answers %s with 400 naming the field, writing nothing', async (_, path, body, field) => {
    const before = await api.store.headPosition();

    const answer = await raw('POST', path, body);

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field, rule: 'noControlCharacters', message: expect.any(String) }]);
    expect(await api.store.headPosition()).toBe(before);
  });

  it('answers one in a query string with 400 naming the parameter', async () => {
    const answer = await raw('GET', '/catalogue?q=road%1Bworks');

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'q', rule: 'noControlCharacters', message: expect.any(String) },
    ]);
  });

  it('keeps tab, CR and LF, and puts a field holding a lone CR or LF in quotes in the CSV, so rows stay whole', async () => {
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    const submitted = await api.call('POST', '/practices', coordinators.a.token, {
      title: 'Gritting\n=HYPERLINK("https://evil.example","click")',
      summary: 'Routes\rre-planned\tby depot',
      body: 'How it went.',
      themes: ['carriageways'],
      authorities: [],
      links: [],
      attachments: [],
      contact: { name: 'Cat Alogue', email: 'cat.alogue@example.org' },
    });
    expect(submitted.status).toBe(201);
    const { practiceId } = submitted.body;
    for (const reviewer of ['b', 'c'])
      expect(
        (
          await api.call('POST', `/practices/${practiceId}/reviews`, coordinators[reviewer].token, {
            round: 1,
            verdict: 'approve',
            comment: '',
          })
        ).status,
      ).toBe(201);
    const published = await api.call('POST', `/practices/${practiceId}/publish`, coordinators.a.token);
    expect(published.status).toBe(200);

    const csv = await fetch(
      `${api.base.replace(/\/api\/v1$/, '')}/catalogue.csv?minPosition=${published.body.position}`,
    );
    const rows = spreadsheetRows(await csv.text());

    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('"Gritting\n=HYPERLINK(""https://evil.example"",""click"")"');
    expect(rows[1]).toContain('"Routes\rre-planned\tby depot"');
  });
});

import { RunningApi, startApi } from '../support/running-api';

/** Issue 9, finding 2: bodies built to cost CPU without a login are refused before validation runs. */
describe('bounds on request input', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi('http-bounds', { RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => api.close());

  /** A raw JSON body to the public sign-up route, with how long the answer took and how big it was. */
  async function subscribe(body: string) {
    const started = performance.now();
    const response = await fetch(`${api.base}/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      body: JSON.parse(text),
      bytes: text.length,
      ms: performance.now() - started,
    };
  }

  it('refuses an object with 20,000 keys as a whole, with one error, writing nothing', async () => {
    const keys = Object.fromEntries(
      Array.from({ length: 20_000 }, (_, i) => [`k${String(i).padStart(5, '0')}`, 1]),
    );
    const body = JSON.stringify({ email: 'reader@example.org', ...keys });
    expect(body.length).toBeGreaterThan(200_000);
    const before = await api.store.headPosition();

    const answer = await subscribe(body);
    console.log(`20,000 keys, ${body.length} bytes: ${answer.status} in ${answer.ms.toFixed(0)} ms`);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: '/problems/validation', status: 400 });
    expect(answer.body.errors).toEqual([{ field: '', rule: 'maxKeys', message: expect.any(String) }]);
    expect(answer.bytes).toBeLessThan(1_000);
    expect(await api.store.headPosition()).toBe(before);
  });

  it('lists at most 20 failed rules, and says how many more there were', async () => {
    const keys = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`unknown${i}`, 1]));

    const answer = await subscribe(JSON.stringify({ email: 'reader@example.org', ...keys }));

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toHaveLength(20);
    expect(answer.body.errors[0]).toEqual({
      field: 'unknown0',
      rule: 'whitelistValidation',
      message: expect.any(String),
    });
    expect(answer.body.detail).toMatch(/150 .*130 more/);
  });

  it.each([
    ['an array nested 40,000 deep', '['.repeat(40_000) + ']'.repeat(40_000), 'maxDepth'],
    ['an object nested 30,000 deep', '{"a":'.repeat(30_000) + '1' + '}'.repeat(30_000), 'maxDepth'],
    [
      'an array of 100,000 items',
      JSON.stringify({ email: 'reader@example.org', list: Array(100_000).fill(0) }),
      'arrayMaxSize',
    ],
    [
      '25,500 values in small arrays',
      JSON.stringify(Array.from({ length: 500 }, () => Array(50).fill(0))),
      'maxValues',
    ],
  ])('answers %s with 400, not 500', async (_, body, rule) => {
    const answer = await subscribe(body);
    console.log(`${_}: ${answer.status} in ${answer.ms.toFixed(0)} ms`);

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ rule })]);
  });
});

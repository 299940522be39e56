import { RunningApi, startApi } from '../support/running-api';

const FACILITATOR = 'facilitator-token-for-the-prototype-keys-test-0123456789';

/** Issue 9, finding 10: keys that reach prototypes are refused wherever they are, not silently dropped. */
describe('prototype keys in a JSON body', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi('http-prototype-keys', { BOOTSTRAP_TOKEN: FACILITATOR });
  });
  afterAll(() => api.close());

  /** Raw JSON: an object literal would not carry `__proto__` as a key. */
  async function post(path: string, body: string, token?: string) {
    const response = await fetch(`${api.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it.each([
    ['__proto__', '{"email":"reader@example.org","__proto__":{"isAdmin":true}}'],
    ['constructor', '{"email":"reader@example.org","constructor":{"prototype":{"isAdmin":true}}}'],
    ['prototype', '{"email":"reader@example.org","prototype":1}'],
  ])('answers a top-level %s key with 400 naming it, writing nothing', async (key, body) => {
    const before = await api.store.headPosition();

    const answer = await post('/subscriptions', body);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: '/problems/validation' });
    expect(answer.body.errors).toEqual([
      { field: key, rule: 'forbiddenKey', message: expect.stringContaining(key) },
    ]);
    expect(await api.store.headPosition()).toBe(before);
  });

  it('answers one nested in an object with 400 naming its path, writing nothing', async () => {
    const before = await api.store.headPosition();
    const body =
      '{"networkId":"wmha","name":"West Midlands","scope":"regional",' +
      '"coordinator":{"name":"Coordinator","email":"coordinator@example.org","__proto__":{"roles":["auditor"]}}}';

    const answer = await post('/networks', body, FACILITATOR);

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'coordinator.__proto__', rule: 'forbiddenKey', message: expect.any(String) },
    ]);
    expect(await api.store.headPosition()).toBe(before);
  });
});

import { enrolSeatedNetworks, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-rate-limit-test-0123456789';
const LIMIT = 8;

/** Each caller gets RATE_LIMIT_PER_MINUTE requests a minute; the next is a 429 problem that writes nothing. */
describe('rate limits', () => {
  let api: RunningApi;
  let a: { token: string; personId: string };
  let b: { token: string; personId: string };
  let c: { token: string; personId: string };

  beforeAll(async () => {
    // Enrolling takes a few requests on the facilitator's token; the limit is checked on fresh callers below.
    api = await startApi('rate-limit', {
      BOOTSTRAP_TOKEN: FACILITATOR,
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
    });
    ({ a, b, c } = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c'], { adoptPrinciples: false }));
  });
  afterAll(() => api.close());

  it('answers 429 problem+json with Retry-After once a token has used its requests, and writes nothing', async () => {
    // a's coordinator used 1 request in enrolment (nominating the representative).
    for (let i = 1; i < LIMIT; i++) expect((await api.call('GET', '/me', a.token)).status).toBe(200);
    const before = await api.store.headPosition();
    const response = await fetch(`${api.base}/networks/a/principles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ principlesVersion: '2026-1' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ status: 429, type: '/problems/rate-limited' });
    expect(await api.store.headPosition()).toBe(before);
  });

  it('counts each token on its own, so one busy caller does not block another', async () => {
    // c's coordinator, too, used 1 request in enrolment: c uses the rest and is then turned away; b is not.
    for (let i = 1; i < LIMIT; i++) expect((await api.call('GET', '/me', c.token)).status).toBe(200);
    expect((await api.call('GET', '/me', c.token)).status).toBe(429);
    expect((await api.call('GET', '/me', b.token)).status).toBe(200);
  });

  it('limits callers without a token by their address', async () => {
    // Enrolment claimed three coordinators' tokens from this address, without a token (POST /claims).
    const left = LIMIT - 3;
    const statuses: number[] = [];
    for (let i = 0; i <= left; i++) statuses.push((await api.call('GET', '/themes')).status);
    expect(statuses.slice(0, left).every((status) => status === 200)).toBe(true);
    expect(statuses[left]).toBe(429);
  });

  it('never limits the health check, which orchestrators poll', async () => {
    for (let i = 0; i <= LIMIT; i++) {
      expect((await fetch(api.base.replace('/api/v1', '/health'))).status).toBe(200);
    }
  });
});

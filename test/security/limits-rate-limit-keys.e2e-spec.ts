import { join } from 'node:path';
import { FixedClock } from '@app/application';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { enrolSeatedNetworks, RunningApi, startApi } from '../support/running-api';

const FACILITATOR = 'facilitator-token-for-the-limits-test-0123456789';
const MINUTE = 60_000;

/** One request's status and what a 429 must carry. */
async function get(api: RunningApi, path: string, token: string) {
  const response = await fetch(`${api.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

/** A sign-up as a browser behind a proxy would send it; the service trusts no X-Forwarded-For. */
async function signUp(api: RunningApi, email: string, forwardedFor: string) {
  const response = await fetch(`${api.base}/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    type: response.headers.get('content-type'),
    body: (await response.json()) as { type?: string },
  };
}

/** Issue 9, finding 3: limits counted per raw bearer string, and public writes unlimited per address. */
describe('rate limits that made-up tokens and public sign-ups cannot get round', () => {
  describe('who a request counts against', () => {
    const LIMIT = 30;
    let api: RunningApi;
    let a: { token: string; personId: string };

    beforeAll(async () => {
      api = await startApi('limits-keys', {
        BOOTSTRAP_TOKEN: FACILITATOR,
        RATE_LIMIT_PER_MINUTE: String(LIMIT),
      });
      // Enrolled first: claiming the coordinator's token is a public write, counted against this address.
      ({ a } = await enrolSeatedNetworks(api, FACILITATOR, ['a'], { adoptPrinciples: false }));
    });
    afterAll(() => api.close());

    it('counts requests with made-up tokens against the address: 40 rotating tokens reach 429', async () => {
      // The address has used one request already: the claim of a's first token.
      const left = LIMIT - 1;
      const answers = [];
      for (let i = 0; i < 40; i++) answers.push(await get(api, '/me', `made-up-token-${i}`));
      expect(answers.slice(0, left).map(({ status }) => status)).toEqual(Array(left).fill(401));
      expect(answers.slice(left).map(({ status }) => status)).toEqual(Array(40 - left).fill(429));
      expect(Number(answers[left].retryAfter)).toBeGreaterThan(0);
      // The holder of a valid token from the same address has a budget of their own.
      expect((await get(api, '/me', FACILITATOR)).status).toBe(200);
    });

    it("counts a person's requests against them, however many tokens they hold", async () => {
      const second = await api.call('POST', `/networks/a/members/${a.personId}/tokens`, a.token, {});
      expect(second.status).toBe(201);
      // Two requests so far (naming the representative, issuing the second token); alternate the two tokens.
      const statuses: number[] = [];
      for (let i = 2; i < LIMIT + 2; i++)
        statuses.push((await get(api, '/me', i % 2 === 0 ? a.token : second.body.token)).status);
      expect(statuses.slice(0, LIMIT - 2)).toEqual(Array(LIMIT - 2).fill(200));
      expect(statuses.slice(LIMIT - 2)).toEqual([429, 429]);
    });
  });

  describe('sign-ups', () => {
    let api: RunningApi;
    let clock: FixedClock;
    const mails = () => readOutbox(join(api.dataDir, 'outbox'));

    beforeEach(async () => {
      clock = new FixedClock(new Date());
      api = await startApi('limits-sign-ups', { BOOTSTRAP_TOKEN: FACILITATOR }, { clock });
    });
    afterEach(() => api.close());

    it('takes 10 an hour from one address, whatever it forwards: 12 for 12 addresses send 10 mails', async () => {
      const answers = [];
      for (let i = 0; i < 12; i++) {
        const head = await api.store.headPosition();
        const answer = await signUp(api, `reader.${i}@example.org`, `203.0.113.${i}`);
        answers.push(answer);
        if (answer.status === 429) expect(await api.store.headPosition()).toBe(head);
      }
      expect(answers.map(({ status }) => status)).toEqual([...Array(10).fill(202), 429, 429]);
      expect(answers[10]).toMatchObject({
        type: expect.stringMatching(/^application\/problem\+json/),
        body: { type: '/problems/rate-limited' },
      });
      expect(Number(answers[10].retryAfter)).toBeGreaterThan(0);
      expect(mails()).toHaveLength(10);
    });

    it('takes 5 a day for one e-mail address, below the limit per address: 7 send 5 mails', async () => {
      const answers = [];
      for (let i = 0; i < 7; i++) {
        // Past the 10 minutes within which the service would not mail the same address again anyway.
        clock.set(new Date(clock.now().getTime() + 11 * MINUTE));
        answers.push(
          await signUp(api, i % 2 ? 'Victim@Example.org' : 'victim@example.org', `198.51.100.${i}`),
        );
      }
      expect(answers.map(({ status }) => status)).toEqual([...Array(5).fill(202), 429, 429]);
      expect(Number(answers[5].retryAfter)).toBeGreaterThan(0);
      expect(mails()).toHaveLength(5);
    });
  });
});

import { RunningApi, startApi } from '../support/running-api';

const FACILITATOR = 'facilitator-token-for-the-errors-test-0123456789';

/** Issue 9, finding 13: malformed JSON and bad path ids get problems of their own, echoing nothing. */
describe('errors before a route runs', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi('http-errors', { BOOTSTRAP_TOKEN: FACILITATOR });
  });
  afterAll(() => api.close());

  it('answers malformed JSON with /problems/malformed-json, echoing none of the body', async () => {
    const response = await fetch(`${api.base}/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": secret-fragment-of-the-body',
    });
    const text = await response.text();

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(text)).toEqual({
      type: '/problems/malformed-json',
      title: 'Bad request',
      status: 400,
      detail: expect.any(String),
    });
    expect(text).not.toMatch(/secret|fragment|email/);
  });

  it.each([
    ['/practices/not-a-uuid', 'id', FACILITATOR],
    ['/catalogue/not-a-uuid', 'practiceId', undefined],
  ])('answers %s with 400 naming the parameter', async (path, field, token) => {
    const response = await api.call('GET', path, token);

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ type: '/problems/validation', status: 400 });
    expect(response.body.errors).toEqual([{ field, rule: 'uuid', message: expect.any(String) }]);
  });
});

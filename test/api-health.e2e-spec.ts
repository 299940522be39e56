import { randomUUID } from 'node:crypto';
import { eventually } from './support/eventually';
import { httpClient, RunningApi, startApi } from './support/running-api';

describe('GET /health with a failing consumer', () => {
  let api: RunningApi;
  beforeEach(async () => (api = await startApi('health')));
  afterEach(() => api.close());

  const health = () => httpClient(api.base.replace('/api/v1', ''))('GET', '/health');

  /** /health once it answers `status`: the consumers report on their own schedule. */
  const healthOnce = (status: string) =>
    eventually(`/health to answer ${status}`, async () => {
      const answer = await health();
      expect(answer.body.status).toBe(status);
      return answer;
    });

  it('lists every consumer, and answers 200 `degraded` naming the one failing, its error and its lag', async () => {
    expect((await healthOnce('ok')).body.info.consumers.consumers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'read-models', lastError: null, retries: 0 }),
        expect.objectContaining({ name: 'apply-carried-motions', lastError: null, retries: 0 }),
      ]),
    );

    // An event the read models cannot apply: a network enrolled without a name.
    await api.store.appendToStream('network-nameless', [
      { id: randomUUID(), type: 'NetworkEnrolled', data: {} },
    ]);
    const { status, body } = await healthOnce('degraded');

    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'degraded',
      info: { eventStore: { status: 'up' } },
      error: {
        consumers: {
          status: 'down',
          failing: [{ name: 'read-models', error: expect.stringMatching(/NOT NULL/), lag: 1 }],
        },
      },
    });
    expect(body.error.consumers.consumers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'read-models', state: 'failing', retries: expect.any(Number) }),
        expect.objectContaining({ name: 'apply-carried-motions', state: 'running' }),
      ]),
    );
    // Still serving: the public catalogue answers from the views as they were.
    expect((await api.call('GET', '/catalogue')).status).toBe(200);
  });
});

import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { practiceContent } from './fixtures/practice-content';
import { eventually } from './support/eventually';
import { sample } from './support/metrics-sample';
import {
  answerOf,
  enrolSeatedNetworks,
  expectRefused,
  RunningApi,
  startApi,
  succeeds,
} from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-metrics-test-0123456789';
const METRICS_TOKEN = 'metrics-token-for-the-metrics-test-0123456789';

/** The scrape's text, as Prometheus reads it (`GET /metrics` at the root, not under /api/v1). */
async function scrape(api: RunningApi, headers: Record<string, string> = {}) {
  const response = await fetch(api.base.replace('/api/v1', '/metrics'), { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('GET /metrics', () => {
  describe('without METRICS_TOKEN', () => {
    let api: RunningApi;
    let tokens: Record<string, { token: string }>;
    beforeAll(async () => {
      api = await startApi('metrics', { BOOTSTRAP_TOKEN: FACILITATOR, WEBHOOK_ALLOW_PRIVATE: 'true' });
      tokens = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b']);
      // Nothing listens on the discard port: the submission's delivery fails and waits for its retry.
      await succeeds(
        api.call('POST', '/networks/a/webhooks', tokens.a.token, { url: 'http://127.0.0.1:9/hook' }),
      );
    });
    afterAll(() => api.close());

    it('counts requests by route pattern, commands by outcome, group commits, and reads lag and queues', async () => {
      const before = await scrape(api);
      const submitted = await succeeds(api.call('POST', '/practices', tokens.a.token, practiceContent()));
      const { practiceId } = submitted.body;
      // Only the submitting network publishes: a rule refuses b, and nothing is written.
      await expectRefused(
        api,
        () => api.call('POST', `/practices/${practiceId}/publish`, tokens.b.token),
        403,
      );
      await succeeds(api.call('GET', `/practices/${practiceId}`, tokens.a.token), 200);
      // A command that fails for no rule: its stream is one the log's verifier found broken.
      api.store.refuseAppendsTo({
        stream: `practice-${practiceId}`,
        revision: '0',
        position: '0',
        eventId: practiceId,
        reason: 'the metrics test says so',
      });
      const withdrawn = await api.call('POST', `/practices/${practiceId}/withdraw`, tokens.a.token, {
        reason: 'Superseded',
      });
      expect(withdrawn.status).toBe(500);

      const { status, type, text } = await scrape(api);
      expect(status).toBe(200);
      expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');

      expect(sample(text, 'cns_commands_total{type="SubmitPractice",outcome="ok"}')).toBe(1);
      expect(sample(text, 'cns_commands_total{type="PublishPractice",outcome="refused"}')).toBe(1);
      expect(sample(text, 'cns_commands_total{type="PublishPractice",outcome="ok"}')).toBeUndefined();
      expect(sample(text, 'cns_commands_total{type="WithdrawPractice",outcome="error"}')).toBe(1);

      const requests = 'cns_http_request_duration_seconds_count';
      expect(sample(text, `${requests}{method="POST",route="/api/v1/practices",status_class="2xx"}`)).toBe(1);
      expect(
        sample(text, `${requests}{method="POST",route="/api/v1/practices/:id/publish",status_class="4xx"}`),
      ).toBe(1);
      expect(sample(text, `${requests}{method="GET",route="/api/v1/practices/:id",status_class="2xx"}`)).toBe(
        1,
      );
      expect(
        sample(text, `${requests}{method="POST",route="/api/v1/practices/:id/withdraw",status_class="5xx"}`),
      ).toBe(1);
      // The pattern, never the path: a practice's id would make a series per practice.
      expect(text).not.toContain(practiceId);
      // The submission took less than the largest bucket, so it sits in +Inf and in 5 s alike.
      expect(
        sample(
          text,
          'cns_http_request_duration_seconds_bucket{le="5",method="POST",route="/api/v1/practices",status_class="2xx"}',
        ),
      ).toBe(1);

      // Every append is in one group commit; the submission made at least one more.
      const appends = sample(text, 'cns_event_store_append_duration_seconds_count')!;
      expect(sample(text, 'cns_event_store_group_commit_appends_sum')).toBe(appends);
      expect(appends).toBeGreaterThanOrEqual(
        sample(before.text, 'cns_event_store_append_duration_seconds_count')! + 1,
      );

      expect(sample(text, 'cns_consumer_lag_positions{consumer="read-models"}')).toEqual(expect.any(Number));
      expect(sample(text, 'cns_consumer_lag_positions{consumer="apply-carried-motions"}')).toEqual(
        expect.any(Number),
      );
      // The submission's webhook delivery is a job, counted by state once it has failed its first run.
      await eventually('the failed delivery counted', async () => {
        expect(sample((await scrape(api)).text, 'cns_jobs{queue="webhook-delivery",state="delayed"}')).toBe(
          1,
        );
        return true;
      });
      expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    });

    it('refuses a caller that is not on this machine, with problem+json', async () => {
      const address = Object.values(networkInterfaces())
        .flat()
        .find((candidate) => candidate && !candidate.internal && candidate.family === 'IPv4')?.address;
      if (!address) {
        console.warn('Not run: this machine has no address but loopback to call from');
        return;
      }
      // The same application on a second listener that other machines could reach.
      const server: Server = createServer(api.app.getHttpAdapter().getInstance());
      await new Promise<void>((resolve) => server.listen(0, address, resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const answer = await answerOf(await fetch(`http://${address}:${port}/metrics`));
        expect(answer).toMatchObject({
          status: 403,
          type: 'application/problem+json; charset=utf-8',
          body: { status: 403 },
        });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('with METRICS_TOKEN', () => {
    let api: RunningApi;
    beforeAll(
      async () => (api = await startApi('metrics-token', { METRICS_TOKEN, BOOTSTRAP_TOKEN: FACILITATOR })),
    );
    afterAll(() => api.close());

    it.each([
      // A browser asking gets problem+json too, not an error page.
      ['no token', { accept: 'text/html' }],
      ['another token', { authorization: `Bearer ${METRICS_TOKEN}x` }],
      ["a member's token", { authorization: `Bearer ${FACILITATOR}` }],
    ])('answers 401 to %s, even from this machine', async (_, headers: Record<string, string>) => {
      const response = await fetch(api.base.replace('/api/v1', '/metrics'), { headers });
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await answerOf(response)).toMatchObject({
        status: 401,
        type: 'application/problem+json; charset=utf-8',
        body: { status: 401 },
      });
    });

    it("serves the scrape to the operators' token", async () => {
      const { status, text } = await scrape(api, { authorization: `Bearer ${METRICS_TOKEN}` });
      expect(status).toBe(200);
      expect(text).toContain('# TYPE cns_commands_total counter');
    });
  });
});

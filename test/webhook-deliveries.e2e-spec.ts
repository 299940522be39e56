import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import { eventually } from './support/eventually';
import { answerOf, enrolSeatedNetworks, expectRefused, RunningApi, startApi } from './support/running-api';
import { receivedAbout, WebhookReceiver, webhookCoordinator } from './support/webhook-receiver';

const FACILITATOR = 'facilitator-token-for-the-webhook-deliveries-test-0123';
/** Loopback over HTTP, and retries in a fraction of a second rather than minutes. */
const ENV = {
  BOOTSTRAP_TOKEN: FACILITATOR,
  WEBHOOK_ALLOW_PRIVATE: 'true',
  JOB_BACKOFF_MS: '300',
  JOB_MAX_BACKOFF_MS: '2000',
  JOB_ATTEMPTS: '6',
};

/** Deliveries from the in-process job queue (no REDIS_URL), to a receiver on loopback. */
describe('webhook deliveries', () => {
  let receiver: WebhookReceiver;
  let api: RunningApi;
  let a: { token: string; personId: string };
  let b: { token: string; personId: string };
  // Kept across the restart below.
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-webhook-deliveries-'));

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    api = await startApi('webhook-deliveries', ENV, { dataDir });
    ({ a, b } = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b']));
  });
  afterAll(async () => {
    await api.close();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Made at each use: the API is restarted below.
  const coordinatorA = () => webhookCoordinator(api, receiver, 'a', a.token);
  const coordinatorB = () => webhookCoordinator(api, receiver, 'b', b.token);
  const register = (path: string, events?: string[]) => coordinatorA().register(path, events);
  const submit = (title: string) => coordinatorA().submit(title);
  const deliveries = (webhookId: string) => coordinatorA().deliveries(webhookId);
  const submittedTo = (path: string, practiceId: string) => receivedAbout(receiver, path, practiceId);

  it('delivers each event once to the webhooks of the network it concerns, signed as Standard Webhooks verify', async () => {
    const hook = await register('/a');
    const other = await coordinatorB().register('/b');
    const practiceId = await submit('Signed deliveries');
    const [request] = await eventually(
      'the delivery',
      () => submittedTo('/a', practiceId).length === 1 && submittedTo('/a', practiceId),
    );
    const payload = new Webhook(hook.secret).verify(request.body, request.headers as Record<string, string>);
    expect(payload).toEqual({
      type: 'practice.submitted',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: expect.objectContaining({
        practiceId,
        networkId: 'a',
        content: expect.objectContaining({ title: 'Signed deliveries' }),
      }),
    });
    expect(request.body).not.toContain('pat@example.org');
    expect(() =>
      new Webhook(other.secret).verify(request.body, request.headers as Record<string, string>),
    ).toThrow();

    const log = await eventually('the delivery recorded', async () => {
      return (await deliveries(hook.webhookId)).find((d: { status: string }) => d.status === 'delivered');
    });
    expect(log).toMatchObject({
      deliveryId: request.headers['webhook-id'],
      type: 'practice.submitted',
      lastStatus: 200,
      nextAttemptAt: null,
      attempts: [{ status: 200, error: null }],
    });
    // Network b's webhook was offered nothing of a's material (the same event made a's delivery).
    expect(await coordinatorB().deliveries(other.webhookId)).toEqual([]);
    expect(receiver.at('/b')).toEqual([]);
  });

  it('retries a receiver answering 500 twice with growing delays; the log shows the three attempts', async () => {
    receiver.answer = (request, earlier) => ({
      status: request.path === '/flaky' && earlier.length < 2 ? 500 : 200,
    });
    const hook = await register('/flaky');
    const practiceId = await submit('Flaky receiver');
    await eventually('three attempts', () => submittedTo('/flaky', practiceId).length === 3, {
      timeoutMs: 10_000,
    });
    const [first, second, third] = submittedTo('/flaky', practiceId);
    expect(new Set([first, second, third].map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(second.at - first.at).toBeGreaterThanOrEqual(290);
    expect(third.at - second.at).toBeGreaterThanOrEqual(590);
    const delivery = await eventually('delivered', async () => {
      const [latest] = await deliveries(hook.webhookId);
      return latest?.status === 'delivered' && latest;
    });
    expect(delivery.attempts.map((attempt: { status: number }) => attempt.status)).toEqual([500, 500, 200]);
    expect(delivery.attempts[0].error).toBe('answered 500');
  });

  it('does not follow a redirect: a 3xx is a failed attempt, retried at the same URL', async () => {
    receiver.answer = (request) =>
      request.path === '/moved'
        ? { status: 307, headers: { location: `${receiver.url}/landing` } }
        : { status: 200 };
    const hook = await register('/moved');
    const practiceId = await submit('Redirected');
    const delivery = await eventually(
      'two attempts',
      async () => {
        const [latest] = await deliveries(hook.webhookId);
        return latest?.attempts.length >= 2 && latest;
      },
      { timeoutMs: 10_000 },
    );
    expect(delivery).toMatchObject({ status: 'pending', lastStatus: 307, nextAttemptAt: expect.any(String) });
    expect(submittedTo('/moved', practiceId)).toHaveLength(2);
    expect(receiver.at('/landing')).toEqual([]);
    // The retry waits its backoff: /health counts it delayed.
    const health = await answerOf(await fetch(`${api.base.replace(/\/api\/v1$/, '')}/health`));
    const queue = health.body.info.jobs.queues['webhook-delivery'];
    expect(queue).toMatchObject({ active: expect.any(Number), failed: 0 });
    expect(queue.delayed).toBeGreaterThanOrEqual(1);
  });

  it('redelivers at the coordinator’s request, with the same webhook-id; others are refused', async () => {
    receiver.answer = () => ({ status: 200 });
    const hook = await register('/again');
    const practiceId = await submit('Delivered twice on request');
    await eventually('the first delivery', () => submittedTo('/again', practiceId).length === 1);
    const [{ deliveryId }] = await deliveries(hook.webhookId);
    const path = `/networks/a/webhooks/${hook.webhookId}/deliveries/${deliveryId}/redeliver`;
    expect((await api.call('POST', path, b.token)).status).toBe(403);
    expect((await api.call('GET', `/networks/a/webhooks/${hook.webhookId}/deliveries`, b.token)).status).toBe(
      403,
    );
    const unknown = `/networks/a/webhooks/${hook.webhookId}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`;
    expect((await api.call('POST', unknown, a.token)).status).toBe(404);
    expect((await api.call('POST', path, a.token)).status).toBe(202);
    await eventually('the redelivery', () => submittedTo('/again', practiceId).length === 2);
    const [first, again] = submittedTo('/again', practiceId);
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(new Webhook(hook.secret).verify(again.body, again.headers as Record<string, string>)).toBeTruthy();
    await eventually('two attempts logged', async () => {
      const [latest] = await deliveries(hook.webhookId);
      return latest.attempts.length === 2;
    });
  });

  it('across a restart: a pending retry is made after it, and the log consumed again delivers nothing twice', async () => {
    let down = true;
    receiver.answer = (request) => ({ status: request.path === '/restart' && down ? 503 : 200 });
    const hook = await register('/restart');
    const practiceId = await submit('Across a restart');
    await eventually('a failed attempt', () => submittedTo('/restart', practiceId).length >= 1);
    await api.close();
    // Requests so far, but for the retries still due (to /restart, and /moved's redirects).
    const settled = () => receiver.received.filter((r) => !['/restart', '/moved'].includes(r.path));
    const before = settled().length;
    // The delivery reactor forgets how far it got: the next process consumes the whole log again.
    const reactors = new Database(join(dataDir, 'reactors.sqlite'));
    reactors.prepare(`DELETE FROM reactor_checkpoints WHERE name = 'webhook-deliveries'`).run();
    reactors.close();
    down = false;
    api = await startApi('webhook-deliveries', ENV, { dataDir });
    await eventually('the retry made after the restart', async () => {
      const [latest] = await deliveries(hook.webhookId);
      return latest?.status === 'delivered';
    });
    // A later event, consumed after every earlier one was consumed again, is delivered to each webhook of a...
    const later = await submit('After the replay');
    await eventually('the later event delivered', () => submittedTo('/restart', later).length === 1);
    await eventually('and to the other webhooks', () => settled().length === before + 3);
    // ...and the replayed events added no delivery: the only new requests are the later event's.
    expect(
      settled()
        .slice(before)
        .every((r) => r.body.includes(later)),
    ).toBe(true);
    const [latest, earlier] = await deliveries(hook.webhookId);
    expect([latest.status, earlier.status]).toEqual(['delivered', 'delivered']);
    expect(earlier.attempts.map((attempt: { status: number }) => attempt.status)).toEqual(
      expect.arrayContaining([503, 200]),
    );
  });

  it('delivers to a webhook only the types of event it was registered for', async () => {
    await expectRefused(
      api,
      () =>
        api.call('POST', '/networks/a/webhooks', a.token, {
          url: `${receiver.url}/unknown-type`,
          events: ['practice.published', 'network.enrolled'],
        }),
      400,
    );
    const submitted = await register('/submitted-only', ['practice.submitted']);
    await coordinatorA().register('/published-only', ['practice.published']);
    const practiceId = await submit('Filtered deliveries');
    await eventually('the delivery to the webhook of submissions', async () =>
      (await deliveries(submitted.webhookId)).some((d: { status: string }) => d.status === 'delivered'),
    );
    // Both were offered the submission in the same reactor step: one took it, the other was never given it.
    expect(submittedTo('/submitted-only', practiceId)).toHaveLength(1);
    expect(submittedTo('/published-only', practiceId)).toEqual([]);
  });
});

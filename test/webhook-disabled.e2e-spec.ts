import { FixedClock } from '@app/application';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { join } from 'node:path';
import { eventually } from './support/eventually';
import {
  enrolSeatedNetworks,
  eventuallyAppended,
  expectRefused,
  RunningApi,
  startApi,
} from './support/running-api';
import { WebhookReceiver, webhookCoordinator } from './support/webhook-receiver';

const FACILITATOR = 'facilitator-token-for-the-webhook-disabled-test-0123';

/** A webhook whose every delivery fails for three days (on a FixedClock) is disabled, and its coordinator told. */
describe('a webhook failing for three days', () => {
  const clock = new FixedClock(new Date('2026-12-01T09:00:00.000Z'));
  let receiver: WebhookReceiver;
  let api: RunningApi;
  let a: { token: string; personId: string };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    receiver.answer = (request) => ({ status: request.path === '/down' ? 500 : 200 });
    api = await startApi(
      'webhook-disabled',
      {
        BOOTSTRAP_TOKEN: FACILITATOR,
        WEBHOOK_ALLOW_PRIVATE: 'true',
        JOB_BACKOFF_MS: '200',
        JOB_MAX_BACKOFF_MS: '400',
        JOB_ATTEMPTS: '20',
      },
      { clock },
    );
    ({ a } = await enrolSeatedNetworks(api, FACILITATOR, ['a']));
  });
  afterAll(async () => {
    await api.close();
    await receiver.close();
  });

  const register = (path: string) => webhookCoordinator(api, receiver, 'a', a.token).register(path);
  const submit = (title: string) => webhookCoordinator(api, receiver, 'a', a.token).submit(title);
  const deliveries = (webhookId: string) =>
    webhookCoordinator(api, receiver, 'a', a.token).deliveries(webhookId);

  it('is disabled by a command in the log once three days of attempts failed; its coordinator is mailed', async () => {
    const down = await register('/down');
    await register('/up');
    const first = await submit('Never received');
    await eventually('a failed attempt', () => receiver.at('/down').length >= 2);
    expect((await api.store.readStream('network-a')).map((e) => e.type)).not.toContain('WebhookDisabled');

    clock.advanceDays(3);
    const disabled = await eventuallyAppended(api.store, 'network-a', 'WebhookDisabled');
    expect(disabled.data).toEqual({
      networkId: 'a',
      webhookId: down.webhookId,
      failingSince: '2026-12-01T09:00:00.000Z',
    });
    const mail = await eventually('the coordinator told', () =>
      readOutbox(join(api.dataDir, 'outbox')).find((sent) => /webhook .* disabled/.test(sent.subject)),
    );
    expect(mail.to).toContain('a@example.org');
    expect(mail.text).toContain(`${receiver.url}/down`);
    await eventually(
      'the delivery given up',
      async () => (await deliveries(down.webhookId))[0]?.status === 'cancelled',
    );

    // Later events go to the webhooks still enabled only (both offered by the same event, at once).
    const later = await submit('After disabling');
    await eventually('delivered to the enabled webhook', () =>
      receiver.at('/up').some((r) => r.body.includes(later)),
    );
    expect((await deliveries(down.webhookId)).map((d) => d.status)).toEqual(['cancelled']);
    expect(receiver.at('/up').filter((r) => r.body.includes(first))).toHaveLength(1);

    const [{ deliveryId }] = await deliveries(down.webhookId);
    await expectRefused(
      api,
      () =>
        api.call(
          'POST',
          `/networks/a/webhooks/${down.webhookId}/deliveries/${deliveryId}/redeliver`,
          a.token,
        ),
      409,
    );
  });
});

import { FORGOTTEN, isSealed, PersonalData } from '@app/application';
import { enrolSeatedNetworks, expectRefused, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-webhooks-test-0123456789';

/** Coordinators register webhooks; the signing secret is shown once and kept only sealed, and shredded on removal. */
describe('webhooks', () => {
  let api: RunningApi;
  let a: { token: string; personId: string };
  let b: { token: string; personId: string };

  beforeAll(async () => {
    api = await startApi('webhooks', { BOOTSTRAP_TOKEN: FACILITATOR });
    ({ a, b } = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b']));
  });
  afterAll(() => api.close());

  const register = (token: string, url: string) => api.call('POST', '/networks/a/webhooks', token, { url });
  const logText = async () =>
    JSON.stringify((await api.store.readAll({ maxCount: 10_000 })).map((e) => e.data));

  it('registers an HTTPS endpoint and answers a 256-bit secret that the log never holds in plain', async () => {
    const registered = await register(a.token, 'https://hooks.example.org/connect-and-share');
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({
      webhookId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      position: expect.any(Number),
    });
    expect(await logText()).not.toContain(registered.body.secret);
    const [event] = (await api.store.readStream('network-a')).filter((e) => e.type === 'WebhookRegistered');
    const personal = (event.data as { personal: unknown }).personal;
    expect(isSealed(personal)).toBe(true);
    expect(await api.app.get(PersonalData).open(personal as never)).toEqual({
      secret: registered.body.secret,
    });
  });

  it.each([
    ['plain http', 'http://hooks.example.org/x'],
    ['no public name', 'https://localhost/x'],
    ['not a URL', 'hooks'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_, url) => {
    const refused = await expectRefused(api, () => register(a.token, url), 400, 'validation');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'url', rule: 'isUrl' })]);
  });

  it('refuses the same URL twice, and another network', async () => {
    const url = 'https://hooks.example.org/twice';
    expect((await register(a.token, url)).status).toBe(201);
    await expectRefused(api, () => register(a.token, url), 422, 'webhook-unique');
    await expectRefused(api, () => register(b.token, 'https://hooks.example.org/other'), 403);
  });

  it('removes a webhook and shreds its secret; an unknown one is a 404', async () => {
    const { webhookId } = (await register(a.token, 'https://hooks.example.org/removed')).body;
    const remove = (token: string) => api.call('DELETE', `/networks/a/webhooks/${webhookId}`, token);
    await expectRefused(api, () => remove(b.token), 403);
    const removed = await remove(a.token);
    expect(removed.status).toBe(200);
    const event = (await api.store.readStream('network-a')).find(
      (e) => e.type === 'WebhookRegistered' && (e.data as { webhookId: string }).webhookId === webhookId,
    );
    const personal = (event!.data as { personal: unknown }).personal;
    expect(await api.app.get(PersonalData).open(personal as never)).toEqual(FORGOTTEN);
    await expectRefused(api, () => remove(a.token), 404);
  });
});

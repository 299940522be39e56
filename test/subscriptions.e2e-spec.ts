import { join } from 'node:path';
import { PersonalData, PersonalDataKeys, SealedPersonal } from '@app/application';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { readAllInPages, RecordedEvent } from '@app/event-store';
import { RunningApi, startApi } from './support/running-api';

const EMAIL = 'Reader.One@Example.org';
const TOKEN = '([0-9a-f]{32}\\.[A-Za-z0-9_-]{43})';

/** Public e-mail updates with double opt-in: no token needed, the mailed link is the proof of the address. */
describe('subscriptions over HTTP', () => {
  let api: RunningApi;
  const post = (path: string, body: unknown) => api.call('POST', path, undefined, body);
  const outbox = () => readOutbox(join(api.dataDir, 'outbox'));
  const linkIn = (text: string, action: 'confirm' | 'unsubscribe') =>
    new RegExp(`/subscriptions/${action}\\?token=${TOKEN}`).exec(text)?.[1];

  beforeAll(async () => {
    api = await startApi('subscriptions');
  });
  afterAll(() => api.close());

  /** A request that must be refused, leaving the log and the outbox as they were. */
  async function refused(path: string, body: unknown, status: number, type: string) {
    const [before, mailsBefore] = [await api.store.headPosition(), outbox().length];
    const response = await post(path, body);
    expect(response.status).toBe(status);
    expect(response.type).toMatch(/application\/problem\+json/);
    expect(response.body.type).toBe(`/problems/${type}`);
    expect(await api.store.headPosition()).toBe(before);
    expect(outbox()).toHaveLength(mailsBefore);
    return response.body;
  }

  /** Asserts that a request wrote nothing and sent nothing. */
  async function changesNothing(request: () => Promise<{ status: number }>, status: number) {
    const [before, mailsBefore] = [await api.store.headPosition(), outbox().length];
    expect((await request()).status).toBe(status);
    expect(await api.store.headPosition()).toBe(before);
    expect(outbox()).toHaveLength(mailsBefore);
  }

  let confirmToken: string;
  let unsubscribeToken: string;

  it('subscribing answers 202 and mails the address a confirmation link and an unsubscribe link', async () => {
    const response = await post('/subscriptions', { email: EMAIL });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ position: expect.any(Number) });

    const [mail, ...others] = outbox();
    expect(others).toEqual([]);
    // nodemailer writes the domain in lower case, as DNS reads it anyway.
    expect(mail.to.toLowerCase()).toBe(EMAIL.toLowerCase());
    expect(mail.subject).toMatch(/confirm/i);
    confirmToken = linkIn(mail.text, 'confirm')!;
    unsubscribeToken = linkIn(mail.text, 'unsubscribe')!;
    expect(confirmToken).toBeDefined();
    expect(unsubscribeToken).toBeDefined();
    expect(confirmToken).not.toBe(unsubscribeToken);
  });

  it('asking again at once, in any letter case, finds the same subscriber and sends nothing more', async () => {
    await changesNothing(() => post('/subscriptions', { email: EMAIL }), 202);
    await changesNothing(() => post('/subscriptions', { email: EMAIL.toLowerCase() }), 202);
  });

  it('refuses a token it did not send, writing nothing', async () => {
    const subscriberId = confirmToken.split('.')[0];
    await refused(
      '/subscriptions/confirm',
      { token: `${subscriberId}.${'A'.repeat(43)}` },
      403,
      'not-allowed',
    );
    await refused(
      '/subscriptions/confirm',
      { token: `${'0'.repeat(32)}.${'A'.repeat(43)}` },
      403,
      'not-allowed',
    );
    await refused('/subscriptions/confirm', { token: unsubscribeToken }, 403, 'not-allowed');
    await refused('/subscriptions/unsubscribe', { token: confirmToken }, 403, 'not-allowed');
    const malformed = await refused('/subscriptions/confirm', { token: 'guess' }, 400, 'validation');
    expect(malformed.errors).toEqual([expect.objectContaining({ field: 'token', rule: 'matches' })]);
  });

  it('confirms with the token from the mail; the same link again changes nothing', async () => {
    const confirmed = await post('/subscriptions/confirm', { token: confirmToken });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ position: expect.any(Number) });
    const [last] = await api.store.readAll({ fromPosition: BigInt(confirmed.body.position) });
    expect(last.type).toBe('SubscriptionConfirmed');

    await changesNothing(() => post('/subscriptions/confirm', { token: confirmToken }), 200);
  });

  it('once confirmed, subscribing again answers 202 as before and sends nothing', async () => {
    await changesNothing(() => post('/subscriptions', { email: EMAIL }), 202);
  });

  it('unsubscribes with the token from the mail, once', async () => {
    const unsubscribed = await post('/subscriptions/unsubscribe', { token: unsubscribeToken });
    expect(unsubscribed.status).toBe(200);
    const [last] = await api.store.readAll({ fromPosition: BigInt(unsubscribed.body.position) });
    expect(last.type).toBe('Unsubscribed');

    await changesNothing(() => post('/subscriptions/unsubscribe', { token: unsubscribeToken }), 200);
    // Links from before no longer confirm: subscribing again starts a new opt-in.
    await refused('/subscriptions/confirm', { token: confirmToken }, 403, 'not-allowed');
  });

  it('refuses a bad e-mail address with a problem naming the field, writing nothing', async () => {
    for (const email of ['not-an-address', `${'a'.repeat(310)}@example.org`, 42]) {
      const problem = await refused('/subscriptions', { email }, 400, 'validation');
      expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'email' })]));
    }
    const unknown = await refused('/subscriptions', { email: 'x@example.org', name: 'X' }, 400, 'validation');
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'name' })]);
  });

  it('keeps the address nowhere in the log in clear, only encrypted under a key of its own', async () => {
    await post('/subscriptions', { email: 'second.reader@example.org' });
    const events: RecordedEvent[] = [];
    for await (const page of readAllInPages(api.store)) events.push(...page);
    const log = JSON.stringify(events, (_, value) => (typeof value === 'bigint' ? value.toString() : value));
    expect(log.toLowerCase()).not.toContain('reader.one@example.org');
    expect(log).not.toContain('second.reader@example.org');

    const requests = events.filter((event) => event.type === 'SubscriptionRequested');
    const subjects = requests.map((event) => (event.data as { personal: SealedPersonal }).personal.subject);
    expect(requests.map((event) => event.stream)).toEqual(subjects.map((id) => `subscriber-${id}`));
    expect(new Set(subjects).size).toBe(2);
    for (const subject of subjects)
      expect(await api.app.get(PersonalDataKeys).existingKey(subject)).toBeDefined();
    const personalData = api.app.get(PersonalData);
    expect(
      await Promise.all(
        requests.map((event) => personalData.open((event.data as { personal: SealedPersonal }).personal)),
      ),
    ).toEqual([{ email: EMAIL }, { email: 'second.reader@example.org' }]);
  });
});

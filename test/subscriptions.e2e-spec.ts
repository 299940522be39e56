import { join } from 'node:path';
import { PersonalData, PersonalDataKeys, SealedPersonal } from '@app/application';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { readAllInPages, RecordedEvent } from '@app/event-store';
import { expectRefused, RunningApi, startApi } from './support/running-api';

const TOKEN = '([0-9a-f]{32}\\.[A-Za-z0-9_-]{43})';

/** Public e-mail updates with double opt-in: no token needed, the mailed link is the proof of the address. */
describe('subscriptions over HTTP', () => {
  let api: RunningApi;
  const post = (path: string, body: unknown) => api.call('POST', path, undefined, body);
  const outbox = () => readOutbox(join(api.dataDir, 'outbox'));
  // nodemailer writes the domain in lower case, as DNS reads it anyway.
  const mailsTo = (email: string) => outbox().filter((mail) => mail.to.toLowerCase() === email.toLowerCase());
  const linkIn = (text: string, action: 'confirm' | 'unsubscribe') =>
    new RegExp(`/subscribe/${action}\\?token=${TOKEN}`).exec(text)?.[1];

  /** Each test subscribes an address of its own. */
  const given = {
    /** An address that asked to subscribe: the tokens of the links mailed to it. */
    async subscribed(email: string) {
      expect((await post('/subscriptions', { email })).status).toBe(202);
      const [mail] = mailsTo(email);
      return { confirm: linkIn(mail.text, 'confirm')!, unsubscribe: linkIn(mail.text, 'unsubscribe')! };
    },
    async confirmed(email: string) {
      const tokens = await given.subscribed(email);
      expect((await post('/subscriptions/confirm', { token: tokens.confirm })).status).toBe(200);
      return tokens;
    },
  };

  beforeAll(async () => {
    // Each test signs up addresses of its own from this one address: the sign-up limits are another suite's.
    api = await startApi('subscriptions', { SIGN_UPS_PER_HOUR: '1000', PUBLIC_WRITES_PER_HOUR: '1000' });
  });
  afterAll(() => api.close());

  /** A request that must be refused, leaving the log and the outbox as they were. */
  async function refused(path: string, body: unknown, status: number, type: string) {
    const mailsBefore = outbox().length;
    const response = await expectRefused(api, () => post(path, body), status, type);
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

  it('subscribing answers 202 and mails the address a confirmation link and an unsubscribe link', async () => {
    const email = 'Reader.One@Example.org';
    const response = await post('/subscriptions', { email });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ position: expect.any(Number) });

    const [mail, ...others] = mailsTo(email);
    expect(others).toEqual([]);
    expect(mail.to.toLowerCase()).toBe(email.toLowerCase());
    expect(mail.subject).toMatch(/confirm/i);
    const confirmToken = linkIn(mail.text, 'confirm');
    const unsubscribeToken = linkIn(mail.text, 'unsubscribe');
    expect(confirmToken).toBeDefined();
    expect(unsubscribeToken).toBeDefined();
    expect(confirmToken).not.toBe(unsubscribeToken);
  });

  it('asking again at once, in any letter case, finds the same subscriber and sends nothing more', async () => {
    const email = 'Reader.Two@Example.org';
    await given.subscribed(email);
    await changesNothing(() => post('/subscriptions', { email }), 202);
    await changesNothing(() => post('/subscriptions', { email: email.toLowerCase() }), 202);
  });

  it('refuses a token it did not send, writing nothing', async () => {
    const tokens = await given.subscribed('reader.three@example.org');
    const subscriberId = tokens.confirm.split('.')[0];
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
    await refused('/subscriptions/confirm', { token: tokens.unsubscribe }, 403, 'not-allowed');
    await refused('/subscriptions/unsubscribe', { token: tokens.confirm }, 403, 'not-allowed');
    const malformed = await refused('/subscriptions/confirm', { token: 'guess' }, 400, 'validation');
    expect(malformed.errors).toEqual([expect.objectContaining({ field: 'token', rule: 'matches' })]);
  });

  it('confirms with the token from the mail; the same link again changes nothing', async () => {
    const tokens = await given.subscribed('reader.four@example.org');
    const confirmed = await post('/subscriptions/confirm', { token: tokens.confirm });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ position: expect.any(Number) });
    const [last] = await api.store.readAll({ fromPosition: BigInt(confirmed.body.position) });
    expect(last.type).toBe('SubscriptionConfirmed');

    await changesNothing(() => post('/subscriptions/confirm', { token: tokens.confirm }), 200);
  });

  it('once confirmed, subscribing again answers 202 as before and sends nothing', async () => {
    const email = 'reader.five@example.org';
    await given.confirmed(email);
    await changesNothing(() => post('/subscriptions', { email }), 202);
  });

  it('unsubscribes with the token from the mail, once', async () => {
    const tokens = await given.confirmed('reader.six@example.org');
    const unsubscribed = await post('/subscriptions/unsubscribe', { token: tokens.unsubscribe });
    expect(unsubscribed.status).toBe(200);
    const [last] = await api.store.readAll({ fromPosition: BigInt(unsubscribed.body.position) });
    expect(last.type).toBe('Unsubscribed');

    await changesNothing(() => post('/subscriptions/unsubscribe', { token: tokens.unsubscribe }), 200);
    // Links from before no longer confirm: subscribing again starts a new opt-in.
    await refused('/subscriptions/confirm', { token: tokens.confirm }, 403, 'not-allowed');
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
    const addresses = ['Reader.Seven@Example.org', 'second.reader@example.org'];
    for (const email of addresses) await given.subscribed(email);
    const events: RecordedEvent[] = [];
    for await (const page of readAllInPages(api.store)) events.push(...page);
    const log = JSON.stringify(events, (_, value) => (typeof value === 'bigint' ? value.toString() : value));
    for (const email of addresses) expect(log.toLowerCase()).not.toContain(email.toLowerCase());

    const requests = events.filter((event) => event.type === 'SubscriptionRequested');
    const subjects = requests.map((event) => (event.data as { personal: SealedPersonal }).personal.subject);
    expect(requests.map((event) => event.stream)).toEqual(subjects.map((id) => `subscriber-${id}`));
    const personalData = api.app.get(PersonalData);
    const opened = await Promise.all(
      requests.map((event) => personalData.open((event.data as { personal: SealedPersonal }).personal)),
    );
    // Each address, as it was given, is sealed under the key of a subject of its own.
    expect(opened).toEqual(expect.arrayContaining(addresses.map((email) => ({ email }))));
    const subjectOf = addresses.map(
      (email) => subjects[opened.findIndex((data) => (data as { email: string }).email === email)],
    );
    expect(new Set(subjectOf).size).toBe(2);
    for (const subject of subjectOf)
      expect(await api.app.get(PersonalDataKeys).existingKey(subject)).toBeDefined();
  });
});

import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { claimCodeMailedTo, enrolNetwork, expectRefused, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-mail-test-0123456789';
/** How the token mails set a token apart: alone on its line. */
const tokensIn = (text: string) => text.match(/^[A-Za-z0-9_-]{43}$/gm) ?? [];

/** Access tokens go by mail to the person they are for (the outbox stands in for SMTP on the embedded default). */
describe('access tokens by mail', () => {
  let api: RunningApi;
  /** The coordinator of the network the members below join. */
  let coordinatorToken: string;
  const outboxDir = () => join(api.dataDir, 'outbox');
  const mailsTo = (address: string) => readOutbox(outboxDir()).filter((mail) => mail.to === address);
  const issueToken = (personId: string, headers?: Record<string, string>) =>
    api.call('POST', `/networks/south/members/${personId}/tokens`, coordinatorToken, {}, headers);

  /** A member of its own for each test: their person id and the position of their registration. */
  async function givenMember(name: string, email: string): Promise<{ personId: string; position: number }> {
    const registered = await api.call('POST', '/networks/south/members', coordinatorToken, {
      name,
      email,
      roles: ['contributor'],
    });
    expect(registered.status).toBe(201);
    return registered.body;
  }

  beforeAll(async () => {
    api = await startApi('mail', { BOOTSTRAP_TOKEN: FACILITATOR });
    ({ token: coordinatorToken } = await enrolNetwork(api, FACILITATOR, 'south', {
      coordinator: { name: 'Sam Coordinator', email: 'sam@south.example.org' },
    }));
  });
  afterAll(() => api.close());

  it('enrolling a network mails its first coordinator a claim link, and the facilitator sees no credential', async () => {
    const enrolled = await api.call('POST', '/networks', FACILITATOR, {
      networkId: 'north',
      name: 'North alliance',
      scope: 'regional',
      coordinator: { name: 'Nora Coordinator', email: 'nora@north.example.org' },
    });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toEqual({
      networkId: 'north',
      coordinator: { personId: expect.any(String) },
      position: expect.any(Number),
    });

    const [mail, ...others] = mailsTo('nora@north.example.org');
    expect(others).toEqual([]);
    expect(mail.subject).toContain('North alliance');
    expect(mail.text).toContain('Nora Coordinator');
    expect(tokensIn(mail.text)).toEqual([]);
    const code = claimCodeMailedTo(api.dataDir, 'nora@north.example.org');
    expect(mail.text).toContain(`/claim/${code}`);

    // The link works once, for the coordinator the facilitator named.
    const claimed = await api.call('POST', '/claims', undefined, { code });
    expect(claimed.status).toBe(201);
    expect(claimed.body).toMatchObject({ personId: enrolled.body.coordinator.personId, networkId: 'north' });
    expect((await api.call('GET', '/me', claimed.body.token)).body).toMatchObject({
      personId: enrolled.body.coordinator.personId,
      roles: ['coordinator', 'contributor'],
    });
    await expectRefused(api, () => api.call('POST', '/claims', undefined, { code }), 410, 'gone');
  });

  it('issuing a token mails it to the member, once however often the request is retried', async () => {
    const member = await givenMember('Ann Member', 'ann@south.example.org');
    const issue = () => issueToken(member.personId, { 'idempotency-key': 'ann-first-token' });
    const issued = await issue();
    expect(issued.status).toBe(201);
    expect((await issue()).body).toEqual(issued.body);

    const [mail, ...others] = mailsTo('ann@south.example.org');
    expect(others).toEqual([]);
    expect(mail.text).toContain('Ann Member');
    expect(tokensIn(mail.text)).toEqual([issued.body.token]);
  });

  it('a mail that cannot be sent neither fails nor undoes the command: the token is issued and works', async () => {
    const member = await givenMember('Bea Member', 'bea@south.example.org');
    expect((await issueToken(member.personId)).status).toBe(201);
    expect(mailsTo('bea@south.example.org')).toHaveLength(1);
    // A file where the outbox directory should be: every mail now fails to be written.
    renameSync(outboxDir(), `${outboxDir()}.aside`);
    writeFileSync(outboxDir(), '');
    try {
      const issued = await issueToken(member.personId);
      expect(issued.status).toBe(201);
      const me = await api.call('GET', `/me?minPosition=${issued.body.position}`, issued.body.token);
      expect(me.body).toMatchObject({ personId: member.personId });
    } finally {
      rmSync(outboxDir());
      renameSync(`${outboxDir()}.aside`, outboxDir());
    }
    expect(mailsTo('bea@south.example.org')).toHaveLength(1);
  });

  it('sends nothing to a person whose personal data was erased', async () => {
    const member = await givenMember('Cy Member', 'cy@south.example.org');
    const erased = await api.call(
      'DELETE',
      `/people/${member.personId}/personal-data?minPosition=${member.position}`,
      coordinatorToken,
    );
    expect(erased.status).toBe(200);
    const before = readOutbox(outboxDir()).length;
    const issued = await issueToken(member.personId);
    expect(issued.status).toBe(201);
    expect(readOutbox(outboxDir())).toHaveLength(before);
  });
});

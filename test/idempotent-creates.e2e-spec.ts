import { FixedClock } from '@app/application';
import { enrolSeatedNetworks, expectRefused, RunningApi, startApi } from './support/running-api';
import { practiceContent } from './fixtures/practice-content';

const FACILITATOR = 'facilitator-token-for-the-idempotent-creates-test-0123';
const content = practiceContent();

/**
 * A write retried with its Idempotency-Key never creates a second object: its ids derive from the caller, the route
 * and the key, and the runner recognises the command on its stream, so this holds after the stored response has
 * expired (and from another process: see replicas). Keys are scoped to the caller and the route.
 */
describe('idempotent creates', () => {
  const clock = new FixedClock(new Date('2027-03-01T09:00:00Z'));
  let api: RunningApi;
  let coordinators: Record<string, { token: string; personId: string }>;
  const withKey = (key: string) => ({ 'idempotency-key': key });
  const head = () => api.store.headPosition();
  /** Past the 24 hours a first response is kept for. */
  const afterStoredResponsesExpire = () => clock.advanceDays(2);

  beforeAll(async () => {
    api = await startApi('idempotent-creates', { BOOTSTRAP_TOKEN: FACILITATOR }, { clock });
    coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b']);
  });
  afterAll(() => api.close());

  it('a submission retried after its stored response expired answers the same practice and writes nothing', async () => {
    const { token } = coordinators.a;
    const first = await api.call('POST', '/practices', token, content, withKey('submit-gullies'));
    expect(first.status).toBe(201);
    afterStoredResponsesExpire();
    const before = await head();

    const retried = await api.call('POST', '/practices', token, content, withKey('submit-gullies'));
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(first.body);
    expect(await head()).toBe(before);
  });

  it('so do a member registered and a motion proposed', async () => {
    const { token } = coordinators.a;
    const member = { name: 'Ann', email: 'ann@example.org', roles: ['contributor'] };
    const motion = {
      kind: 'set-priorities',
      payload: { period: '2027', themes: ['drainage'] },
      closesAt: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString(),
    };
    const registered = await api.call('POST', '/networks/a/members', token, member, withKey('ann'));
    const proposed = await api.call('POST', '/motions', token, motion, withKey('priorities'));
    expect([registered.status, proposed.status]).toEqual([201, 201]);
    afterStoredResponsesExpire();
    const before = await head();

    expect((await api.call('POST', '/networks/a/members', token, member, withKey('ann'))).body).toEqual(
      registered.body,
    );
    expect((await api.call('POST', '/motions', token, motion, withKey('priorities'))).body).toEqual(
      proposed.body,
    );
    expect(await head()).toBe(before);
  });

  it('a token retried after its stored response expired is not made again: 409, the first one was shown once', async () => {
    const { token, personId } = coordinators.a;
    const first = await api.call('POST', `/networks/a/members/${personId}/tokens`, token, {}, withKey('t'));
    expect(first.status).toBe(201);
    afterStoredResponsesExpire();
    const retry = () => api.call('POST', `/networks/a/members/${personId}/tokens`, token, {}, withKey('t'));
    const retried = await expectRefused(api, retry, 409, 'credential-shown-once');
    expect(JSON.stringify(retried.body)).not.toContain(first.body.token);
  });

  it('a stored credential is replayed only to the token that asked, never after that token was revoked', async () => {
    // A network of its own: this test revokes its coordinator's token.
    const { token: first, personId } = (await enrolSeatedNetworks(api, FACILITATOR, ['c'])).c;
    const member = await api.call(
      'POST',
      '/networks/c/members',
      first,
      { name: 'Bea', email: 'bea@example.org', roles: ['contributor'] },
      withKey('bea'),
    );
    const issue = (token: string) =>
      api.call('POST', `/networks/c/members/${member.body.personId}/tokens`, token, {}, withKey('bea-token'));
    const issued = await issue(first);
    expect(issued.status).toBe(201);
    expect((await issue(first)).body.token).toBe(issued.body.token);

    // The coordinator moves to a new token and revokes the one that asked.
    const second = (await api.call('POST', `/networks/c/members/${personId}/tokens`, first, {})).body;
    const firstTokenId = (await api.store.readStream('network-c')).find(
      (event) =>
        event.type === 'AccessTokenIssued' && (event.data as { personId: string }).personId === personId,
    )!.data as { tokenId: string };
    const revoked = await api.call(
      'DELETE',
      `/networks/c/members/${personId}/tokens/${firstTokenId.tokenId}`,
      second.token,
    );
    expect(revoked.status).toBe(200);
    expect((await issue(first)).status).toBe(401);

    const replayed = await expectRefused(api, () => issue(second.token), 409, 'credential-shown-once');
    expect(JSON.stringify(replayed.body)).not.toContain(issued.body.token);
  });

  it('keys are scoped to the caller and the route', async () => {
    const body = { ...content, title: 'Kerbside gully sensors' };
    const mine = await api.call('POST', '/practices', coordinators.a.token, body, withKey('shared-key'));
    // Another caller's identical key and body: a command of its own, not the first caller's answer.
    const theirs = await api.call('POST', '/practices', coordinators.b.token, body, withKey('shared-key'));
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.practiceId).not.toBe(mine.body.practiceId);

    // The same key on another route is refused, and writes nothing.
    const member = { name: 'Cy', email: 'cy@example.org', roles: ['contributor'] };
    await expectRefused(
      api,
      () => api.call('POST', '/networks/a/members', coordinators.a.token, member, withKey('shared-key')),
      422,
    );
  });
});

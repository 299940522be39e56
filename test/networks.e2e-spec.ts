import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAll } from '@app/event-store';
import { FORGOTTEN, PersonalData, SealedPersonal } from '@app/application';
import { CURRENT_PRINCIPLES } from '@app/reference-data';
import { RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-networks-test-0123456789';

describe('network routes over HTTP', () => {
  let api: RunningApi;
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api.call(method, path, token, body);

  beforeAll(async () => {
    api = await startApi('networks', { BOOTSTRAP_TOKEN: FACILITATOR });
  });
  afterAll(() => api.close());

  /** Runs a request that must be refused, and checks that the log did not grow. */
  async function refused(
    method: string,
    path: string,
    token: string | undefined,
    body: unknown,
    status: number,
    type?: string,
  ) {
    const before = await api.store.headPosition();
    const response = await call(method, path, token, body);
    expect(response.status).toBe(status);
    expect(response.type).toMatch(/application\/problem\+json/);
    if (type) expect(response.body.type).toBe(`/problems/${type}`);
    expect(await api.store.headPosition()).toBe(before);
    return response;
  }

  const enrol = (networkId: string, email: string) =>
    call('POST', '/networks', FACILITATOR, {
      networkId,
      name: `${networkId} alliance`,
      scope: 'regional',
      region: 'Yorkshire and the Humber',
      coordinator: { name: 'Cora Ordinator', email },
    });

  let coordinator: { personId: string; token: string };
  let member: { personId: string; token: string; tokenId: string };
  let otherCoordinator: string;

  it('the facilitator enrols a network, whose first coordinator gets a working token', async () => {
    const response = await enrol('yorkshire', 'cora@yorkshire.example.org');
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      networkId: 'yorkshire',
      coordinator: { personId: expect.any(String), token: expect.any(String) },
      position: expect.any(Number),
    });
    coordinator = response.body.coordinator;

    const me = await call('GET', '/me', coordinator.token);
    expect(me.body).toMatchObject({
      personId: coordinator.personId,
      networkId: 'yorkshire',
      roles: ['coordinator', 'contributor'],
      seat: false,
    });

    otherCoordinator = (await enrol('midlands', 'mo@midlands.example.org')).body.coordinator.token;
  });

  it('only the facilitator enrols networks', async () => {
    await refused(
      'POST',
      '/networks',
      coordinator.token,
      {
        networkId: 'rogue',
        name: 'Rogue',
        scope: 'national',
        coordinator: { name: 'R', email: 'r@example.org' },
      },
      403,
      'not-allowed',
    );
  });

  it('adopts the current principles, and only those', async () => {
    await refused(
      'POST',
      '/networks/yorkshire/principles',
      coordinator.token,
      { principlesVersion: '1999-1' },
      422,
      'current-principles',
    );
    const adopted = await call('POST', '/networks/yorkshire/principles', coordinator.token, {
      principlesVersion: CURRENT_PRINCIPLES.version,
    });
    expect(adopted.status).toBe(200);
  });

  it('registers a member and issues them a token', async () => {
    const registered = await call('POST', '/networks/yorkshire/members', coordinator.token, {
      name: 'Ann Example',
      email: 'ann@yorkshire.example.org',
      roles: ['contributor'],
    });
    expect(registered.status).toBe(201);
    const issued = await call(
      'POST',
      `/networks/yorkshire/members/${registered.body.personId}/tokens`,
      coordinator.token,
      { expiresInDays: 30 },
    );
    expect(issued.status).toBe(201);
    member = { personId: registered.body.personId, token: issued.body.token, tokenId: issued.body.tokenId };
    expect((await call('GET', '/me', member.token)).body).toMatchObject({
      personId: member.personId,
      roles: ['contributor'],
    });
  });

  it('nominates a member to the seat; /me with minPosition sees it at once', async () => {
    const nominated = await call('PUT', '/networks/yorkshire/representative', coordinator.token, {
      personId: member.personId,
    });
    expect(nominated.status).toBe(200);
    expect(
      (await call('GET', `/me?minPosition=${nominated.body.position}`, member.token)).body,
    ).toMatchObject({ seat: true });
    await refused(
      'PUT',
      '/networks/yorkshire/representative',
      coordinator.token,
      { personId: 'not-a-member' },
      422,
      'representative-is-member',
    );
  });

  it('adds authorities from the register only', async () => {
    expect(
      (await call('POST', '/networks/yorkshire/authorities', coordinator.token, { authorityCode: 'leeds' }))
        .status,
    ).toBe(200);
    await refused(
      'POST',
      '/networks/yorkshire/authorities',
      coordinator.token,
      { authorityCode: 'atlantis' },
      422,
      'authority-register',
    );
  });

  it('keeps a coordinator, and refuses contributors and other networks', async () => {
    await refused(
      'PATCH',
      `/networks/yorkshire/members/${coordinator.personId}`,
      coordinator.token,
      { roles: ['contributor'] },
      422,
      'one-coordinator',
    );
    await refused(
      'POST',
      '/networks/yorkshire/members',
      member.token,
      { name: 'X', email: 'x@example.org', roles: ['contributor'] },
      403,
      'not-allowed',
    );
    await refused(
      'POST',
      '/networks/yorkshire/members',
      otherCoordinator,
      { name: 'X', email: 'x@example.org', roles: ['contributor'] },
      403,
      'not-allowed',
    );
    await refused(
      'DELETE',
      `/networks/yorkshire/members/${member.personId}`,
      otherCoordinator,
      undefined,
      403,
    );
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    await refused(
      'POST',
      '/networks/yorkshire/members',
      undefined,
      { name: 'X', email: 'x@example.org', roles: ['contributor'] },
      401,
      'unauthorized',
    );
    const unknown = await refused(
      'POST',
      '/networks/yorkshire/members',
      coordinator.token,
      { name: 'X', email: 'x@example.org', roles: ['contributor'], admin: true },
      400,
      'validation',
    );
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'admin' })]);
    const wrong = await refused(
      'POST',
      '/networks/yorkshire/members',
      coordinator.token,
      { name: '', email: 'not-an-email', roles: ['king'] },
      400,
      'validation',
    );
    expect(wrong.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'email',
      'name',
      'roles',
    ]);
    await refused(
      'POST',
      '/networks',
      FACILITATOR,
      {
        networkId: 'Not A Slug',
        name: 'x',
        scope: 'regional',
        coordinator: { name: 'x', email: 'x@example.org' },
      },
      400,
      'validation',
    );
  });

  it('a member revokes their own token, which then stops working', async () => {
    const revoked = await call(
      'DELETE',
      `/networks/yorkshire/members/${member.personId}/tokens/${member.tokenId}`,
      member.token,
    );
    expect(revoked.status).toBe(200);
    expect((await call('GET', `/me?minPosition=${revoked.body.position}`, member.token)).status).toBe(401);
  });

  it("erases a person's personal data: only they or their coordinator may; the chain still verifies", async () => {
    await refused(
      'DELETE',
      `/people/${member.personId}/personal-data`,
      otherCoordinator,
      undefined,
      403,
      'not-allowed',
    );
    await refused(
      'DELETE',
      '/people/nobody-at-all/personal-data',
      coordinator.token,
      undefined,
      404,
      'not-found',
    );
    const erased = await call('DELETE', `/people/${member.personId}/personal-data`, coordinator.token);
    expect(erased.status).toBe(200);

    const events = await api.store.readStream('network-yorkshire');
    const registered = events.find(
      (event) =>
        event.type === 'MemberRegistered' &&
        (event.data as { personId: string }).personId === member.personId,
    )!;
    expect(
      await api.app.get(PersonalData).open((registered.data as { personal: SealedPersonal }).personal),
    ).toEqual(FORGOTTEN);
    const coordinatorRegistered = events.find((event) => event.type === 'MemberRegistered')!;
    expect(
      await api.app
        .get(PersonalData)
        .open((coordinatorRegistered.data as { personal: SealedPersonal }).personal),
    ).toMatchObject({ email: 'cora@yorkshire.example.org' });
    expect(events.at(-1)).toMatchObject({
      type: 'PersonalDataErased',
      data: { personId: member.personId, erasedBy: coordinator.personId },
    });
    expect((await verifyAll(api.store)).ok).toBe(true);

    const view = await call(
      'GET',
      `/networks/yorkshire?minPosition=${erased.body.position}`,
      coordinator.token,
    );
    expect(view.body).toMatchObject({
      networkId: 'yorkshire',
      name: 'yorkshire alliance',
      seat: { filled: true },
      authorities: ['leeds'],
    });
    expect(view.body.members).toEqual(
      expect.arrayContaining([
        {
          personId: coordinator.personId,
          roles: ['coordinator', 'contributor'],
          name: 'Cora Ordinator',
          email: 'cora@yorkshire.example.org',
        },
        { personId: member.personId, roles: ['contributor'], forgotten: true },
      ]),
    );
    const seenByOthers = await call('GET', '/networks/yorkshire', otherCoordinator);
    expect(seenByOthers.body).not.toHaveProperty('members');
    expect(JSON.stringify(seenByOthers.body)).not.toContain('cora@');
  });

  it('keeps names and e-mail addresses out of the event store file', () => {
    const raw = ['events.sqlite', 'events.sqlite-wal']
      .map((file) => readFileSync(join(api.dataDir, file)).toString('latin1'))
      .join('');
    expect(raw).not.toContain('cora@yorkshire.example.org');
    expect(raw).not.toContain('Ann Example');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAll } from '@app/event-store';
import { FORGOTTEN, PersonalData, SealedPersonal } from '@app/application';
import { CURRENT_PRINCIPLES } from '@app/reference-data';
import { claimCodeMailedTo, expectRefused, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-networks-test-0123456789';

interface Person {
  personId: string;
  token: string;
}

describe('network routes over HTTP', () => {
  let api: RunningApi;
  /** The coordinator of a network none of the tests below belongs to. */
  let otherCoordinator: string;
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api.call(method, path, token, body);

  const enrol = (networkId: string) =>
    call('POST', '/networks', FACILITATOR, {
      networkId,
      name: `${networkId} alliance`,
      scope: 'regional',
      region: 'Yorkshire and the Humber',
      coordinator: { name: 'Cora Ordinator', email: `cora@${networkId}.example.org` },
    });

  /** What each test needs, set up in that test: every network a test writes to is its own. */
  const given = {
    /** A network enrolled by the facilitator: its first coordinator. */
    async network(networkId: string): Promise<Person> {
      const enrolled = await enrol(networkId);
      expect(enrolled.status).toBe(201);
      const code = claimCodeMailedTo(api.dataDir, `cora@${networkId}.example.org`);
      const claimed = await call('POST', '/claims', undefined, { code });
      expect(claimed.status).toBe(201);
      return claimed.body;
    },
    /** A contributor registered by the coordinator, holding a token of their own. */
    async contributor(networkId: string, coordinator: Person): Promise<Person & { tokenId: string }> {
      const registered = await call('POST', `/networks/${networkId}/members`, coordinator.token, {
        name: 'Ann Example',
        email: `ann@${networkId}.example.org`,
        roles: ['contributor'],
      });
      expect(registered.status).toBe(201);
      const { personId } = registered.body;
      const issued = await call(
        'POST',
        `/networks/${networkId}/members/${personId}/tokens`,
        coordinator.token,
        {
          expiresInDays: 30,
        },
      );
      expect(issued.status).toBe(201);
      return { personId, token: issued.body.token, tokenId: issued.body.tokenId };
    },
    async networkWithContributor(networkId: string) {
      const coordinator = await given.network(networkId);
      return { coordinator, member: await given.contributor(networkId, coordinator) };
    },
  };

  /** A request that must be refused with this status (and problem type), writing nothing. */
  const refused = (
    method: string,
    path: string,
    token: string | undefined,
    body: unknown,
    status: number,
    type?: string,
  ) => expectRefused(api, () => call(method, path, token, body), status, type);

  beforeAll(async () => {
    api = await startApi('networks', { BOOTSTRAP_TOKEN: FACILITATOR });
    otherCoordinator = (await given.network('midlands')).token;
  });
  afterAll(() => api.close());

  it('the facilitator enrols a network, whose first coordinator claims a working token from the mailed link', async () => {
    const response = await enrol('yorkshire');
    expect(response.status).toBe(201);
    // No credential for the facilitator: it could otherwise hold the seats of the networks it enrols.
    expect(response.body).toEqual({
      networkId: 'yorkshire',
      coordinator: { personId: expect.any(String) },
      position: expect.any(Number),
    });

    const code = claimCodeMailedTo(api.dataDir, 'cora@yorkshire.example.org');
    const claimed = await call('POST', '/claims', undefined, { code });
    expect(claimed.status).toBe(201);
    expect(claimed.body).toMatchObject({
      personId: response.body.coordinator.personId,
      networkId: 'yorkshire',
      token: expect.any(String),
    });
    const me = await call('GET', '/me', claimed.body.token);
    expect(me.body).toMatchObject({
      personId: response.body.coordinator.personId,
      networkId: 'yorkshire',
      roles: ['coordinator', 'contributor'],
      seat: false,
    });
    // Once only; an unknown code is not found, a malformed one is bad input.
    await refused('POST', '/claims', undefined, { code }, 410, 'gone');
    await refused('POST', '/claims', undefined, { code: `yorkshire.${'A'.repeat(43)}` }, 404, 'not-found');
    await refused('POST', '/claims', undefined, { code: 'not-a-code' }, 400);
  });

  it('only the facilitator enrols networks', async () => {
    await refused(
      'POST',
      '/networks',
      otherCoordinator,
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
    const coordinator = await given.network('humber');
    await refused(
      'POST',
      '/networks/humber/principles',
      coordinator.token,
      { principlesVersion: '1999-1' },
      422,
      'current-principles',
    );
    const adopted = await call('POST', '/networks/humber/principles', coordinator.token, {
      principlesVersion: CURRENT_PRINCIPLES.version,
    });
    expect(adopted.status).toBe(200);
  });

  it('registers a member and issues them a token', async () => {
    const coordinator = await given.network('wolds');
    const registered = await call('POST', '/networks/wolds/members', coordinator.token, {
      name: 'Ann Example',
      email: 'ann@wolds.example.org',
      roles: ['contributor'],
    });
    expect(registered.status).toBe(201);
    const issued = await call(
      'POST',
      `/networks/wolds/members/${registered.body.personId}/tokens`,
      coordinator.token,
      { expiresInDays: 30 },
    );
    expect(issued.status).toBe(201);
    expect((await call('GET', '/me', issued.body.token)).body).toMatchObject({
      personId: registered.body.personId,
      roles: ['contributor'],
    });
  });

  it('nominates a member to the seat; /me with minPosition sees it at once', async () => {
    const { coordinator, member } = await given.networkWithContributor('tees');
    const nominated = await call('PUT', '/networks/tees/representative', coordinator.token, {
      personId: member.personId,
    });
    expect(nominated.status).toBe(200);
    expect(
      (await call('GET', `/me?minPosition=${nominated.body.position}`, member.token)).body,
    ).toMatchObject({ seat: true });
    await refused(
      'PUT',
      '/networks/tees/representative',
      coordinator.token,
      { personId: 'not-a-member' },
      422,
      'representative-is-member',
    );
  });

  it('adds authorities from the register only', async () => {
    const coordinator = await given.network('dales');
    expect(
      (await call('POST', '/networks/dales/authorities', coordinator.token, { authorityCode: 'leeds' }))
        .status,
    ).toBe(200);
    await refused(
      'POST',
      '/networks/dales/authorities',
      coordinator.token,
      { authorityCode: 'atlantis' },
      422,
      'authority-register',
    );
  });

  it('keeps a coordinator, and refuses contributors and other networks', async () => {
    const { coordinator, member } = await given.networkWithContributor('moors');
    await refused(
      'PATCH',
      `/networks/moors/members/${coordinator.personId}`,
      coordinator.token,
      { roles: ['contributor'] },
      422,
      'one-coordinator',
    );
    await refused(
      'POST',
      '/networks/moors/members',
      member.token,
      { name: 'X', email: 'x@example.org', roles: ['contributor'] },
      403,
      'not-allowed',
    );
    await refused(
      'POST',
      '/networks/moors/members',
      otherCoordinator,
      { name: 'X', email: 'x@example.org', roles: ['contributor'] },
      403,
      'not-allowed',
    );
    await refused('DELETE', `/networks/moors/members/${member.personId}`, otherCoordinator, undefined, 403);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const coordinator = await given.network('fylde');
    await refused(
      'POST',
      '/networks/fylde/members',
      undefined,
      { name: 'X', email: 'x@example.org', roles: ['contributor'] },
      401,
      'unauthorized',
    );
    const unknown = await refused(
      'POST',
      '/networks/fylde/members',
      coordinator.token,
      { name: 'X', email: 'x@example.org', roles: ['contributor'], admin: true },
      400,
      'validation',
    );
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'admin' })]);
    const wrong = await refused(
      'POST',
      '/networks/fylde/members',
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
    const { member } = await given.networkWithContributor('craven');
    const revoked = await call(
      'DELETE',
      `/networks/craven/members/${member.personId}/tokens/${member.tokenId}`,
      member.token,
    );
    expect(revoked.status).toBe(200);
    expect((await call('GET', `/me?minPosition=${revoked.body.position}`, member.token)).status).toBe(401);
  });

  it("erases a person's personal data: only they or their coordinator may; the chain still verifies", async () => {
    const { coordinator, member } = await given.networkWithContributor('ryedale');
    // Its seat filled and an authority named, so the view below shows what erasure leaves of them.
    expect(
      (
        await call('PUT', '/networks/ryedale/representative', coordinator.token, {
          personId: member.personId,
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('POST', '/networks/ryedale/authorities', coordinator.token, { authorityCode: 'leeds' }))
        .status,
    ).toBe(200);
    // Another network's person is not the caller's to know of: the same answer as for no one.
    await refused(
      'DELETE',
      `/people/${member.personId}/personal-data`,
      otherCoordinator,
      undefined,
      404,
      'not-found',
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

    const events = await api.store.readStream('network-ryedale');
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
    ).toMatchObject({ email: 'cora@ryedale.example.org' });
    // The erasure is on record, and the person's token stopped working with it.
    expect(events.slice(-2)).toMatchObject([
      { type: 'PersonalDataErased', data: { personId: member.personId, erasedBy: coordinator.personId } },
      { type: 'AccessTokenRevoked', data: { personId: member.personId } },
    ]);
    expect((await call('GET', `/me?minPosition=${erased.body.position}`, member.token)).status).toBe(401);
    expect((await verifyAll(api.store)).ok).toBe(true);

    const view = await call(
      'GET',
      `/networks/ryedale?minPosition=${erased.body.position}`,
      coordinator.token,
    );
    expect(view.body).toMatchObject({
      networkId: 'ryedale',
      name: 'ryedale alliance',
      seat: { filled: true },
      authorities: ['leeds'],
    });
    expect(view.body.members).toEqual(
      expect.arrayContaining([
        {
          personId: coordinator.personId,
          roles: ['coordinator', 'contributor'],
          name: 'Cora Ordinator',
          email: 'cora@ryedale.example.org',
        },
        { personId: member.personId, roles: ['contributor'], forgotten: true },
      ]),
    );
    const seenByOthers = await call('GET', '/networks/ryedale', otherCoordinator);
    expect(seenByOthers.body).not.toHaveProperty('members');
    expect(JSON.stringify(seenByOthers.body)).not.toContain('cora@');
  });

  it('keeps names and e-mail addresses out of the event store file', async () => {
    await given.networkWithContributor('hambleton');
    const raw = ['events.sqlite', 'events.sqlite-wal']
      .map((file) => readFileSync(join(api.dataDir, file)).toString('latin1'))
      .join('');
    expect(raw).not.toContain('cora@hambleton.example.org');
    expect(raw).not.toContain('Ann Example');
  });
});

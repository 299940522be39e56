import { join } from 'node:path';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { eventually } from '../support/eventually';
import {
  claimCodeMailedTo,
  enrolSeatedNetworks,
  eventuallyAppended,
  expectRefused,
  RunningApi,
  startApi,
} from '../support/running-api';

const FACILITATOR = 'facilitator-token-for-the-auditors-test-0123456789';
const AUDIT_ROUTES = [
  '/audit/events',
  '/audit/streams/network-a',
  '/audit/verify',
  '/audit/export',
  '/audit/catalogue?asOfPosition=0',
];
const OUTSIDER = { name: 'Ada Outside', email: 'ada.outside@audit.example' };

/**
 * Who may audit (API.md): members of active networks and people appointed by motion, an appointee outside the
 * networks with a token of their own that opens the audit routes only. Members of a network that left or is
 * suspended are not auditors.
 */
describe('auditors', () => {
  let api: RunningApi;
  let coordinators: Record<string, { token: string; personId: string }>;
  let outside: { personId: string; token: string };
  let practiceId: string;
  let appointment: string;

  /** A motion proposed by a and voted for by each seat in turn until it carries; the position it carried at. */
  const carried = async (kind: string, payload: Record<string, unknown>): Promise<string> => {
    const proposed = await api.call('POST', '/motions', coordinators.a.token, {
      kind,
      payload,
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(proposed.status).toBe(201);
    const { motionId } = proposed.body;
    for (const seat of ['a', 'b', 'c']) {
      const voted = await api.call('POST', `/motions/${motionId}/votes`, coordinators[seat].token, {
        vote: 'for',
      });
      if (voted.status !== 200) break;
    }
    await eventuallyAppended(api.store, `motion-${motionId}`, 'MotionCarried');
    return motionId;
  };

  /** A GET as the audit routes answer it (the export is NDJSON, so the body is read as bytes). */
  const status = async (path: string, token?: string) => {
    const response = await fetch(`${api.base}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    await response.arrayBuffer();
    return response.status;
  };

  beforeAll(async () => {
    api = await startApi('auditors', { BOOTSTRAP_TOKEN: FACILITATOR, RATE_LIMIT_PER_MINUTE: '100000' });
    coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c', 'gone', 'held']);
    const submitted = await api.call('POST', '/practices', coordinators.a.token, {
      title: 'Gritting routes re-planned',
      summary: 'What changed.',
      body: 'How it went.',
      themes: ['winter-service'],
      authorities: ['york'],
      links: [],
      attachments: [],
      contact: { name: 'Con Tact', email: 'con.tact@example.org' },
    });
    practiceId = submitted.body.practiceId;
    expect(
      (await api.call('POST', '/networks/gone/leave', coordinators.gone.token, { reason: 'merged' })).status,
    ).toBe(200);
    await carried('suspend-network', { networkId: 'held' });
    await eventuallyAppended(api.store, 'network-held', 'NetworkSuspended');

    const motionId = (appointment = await carried('appoint-auditor', OUTSIDER));
    const code = await eventually('the claim link mailed to the appointee', async () => {
      try {
        return claimCodeMailedTo(api.dataDir, OUTSIDER.email);
      } catch {
        return undefined;
      }
    });
    const claimed = await api.call('POST', '/claims', undefined, { code });
    expect(claimed).toMatchObject({ status: 201, body: { networkId: null } });
    outside = claimed.body;
    expect((await api.store.readStream('steering-group')).map((event) => event.data)).toContainEqual({
      motionId,
      personId: outside.personId,
    });
    await expectRefused(api, () => api.call('POST', '/claims', undefined, { code }), 410, 'gone');
  });
  afterAll(() => api.close());

  describe('the audit routes', () => {
    it('are refused to the public', async () => {
      for (const path of AUDIT_ROUTES) await expectRefused(api, () => api.call('GET', path), 401);
    });

    it('are refused to the members of a network that left, and of a suspended one', async () => {
      for (const networkId of ['gone', 'held']) {
        const { token } = coordinators[networkId];
        for (const path of AUDIT_ROUTES)
          await expectRefused(api, () => api.call('GET', path, token), 403, 'not-allowed');
      }
    });

    it('are open to a member of an active network, and to the auditor appointed from outside', async () => {
      for (const token of [coordinators.b.token, outside.token])
        for (const path of AUDIT_ROUTES) expect([path, await status(path, token)]).toEqual([path, 200]);
    });
  });

  describe('the auditor appointed from outside the networks', () => {
    it('is an auditor with no network, no roles and no seat', async () => {
      expect((await api.call('GET', '/me', outside.token)).body).toEqual({
        personId: outside.personId,
        networkId: null,
        roles: [],
        seat: false,
        auditor: true,
      });
    });

    it('is refused every member route', async () => {
      for (const path of [
        '/networks',
        '/networks/a',
        '/motions',
        '/dashboard',
        '/review-queue',
        '/reports/progress?quarter=2026-Q4',
        `/practices/${practiceId}`,
      ])
        await expectRefused(api, () => api.call('GET', path, outside.token), 403, 'not-allowed');
      const writes: Array<[string, string, unknown]> = [
        ['POST', '/practices', {}],
        [
          'POST',
          '/motions',
          { kind: 'set-witness-quorum', payload: { witnesses: 1 }, closesAt: '2030-01-01T00:00:00Z' },
        ],
        ['POST', `/practices/${practiceId}/reviews`, { round: 1, verdict: 'approve', comment: 'fine' }],
        ['POST', '/networks/a/members', { name: 'X', email: 'x@example.org', roles: ['contributor'] }],
      ];
      for (const [method, path, body] of writes)
        await expectRefused(api, () => api.call(method, path, outside.token, body), 403, 'not-allowed');
    });

    it('is named to the members who vote on the motion, without the address', async () => {
      const motion = await api.call('GET', `/motions/${appointment}`, coordinators.b.token);
      expect(motion.body).toMatchObject({
        kind: 'appoint-auditor',
        payload: { personId: outside.personId, outside: true },
        appointee: { name: OUTSIDER.name },
      });
      expect(JSON.stringify(motion.body)).not.toContain(OUTSIDER.email);
    });

    it('was mailed the claim link alone, and their details are sealed in the log', async () => {
      const claimMails = readOutbox(join(api.dataDir, 'outbox')).filter((mail) =>
        mail.text.includes('/claim/auditor~'),
      );
      expect(claimMails.map((mail) => mail.to)).toEqual([expect.stringContaining(OUTSIDER.email)]);
      const log = JSON.stringify((await api.store.readAll()).map(({ data }) => data));
      expect(log).not.toContain(OUTSIDER.email);
      expect(log).not.toContain(OUTSIDER.name);
    });
  });

  describe('the appoint-auditor motion', () => {
    it("still appoints a member by personId, with no claim link: a suspended network's member then audits, and no more", async () => {
      const { personId, token } = coordinators.held;
      const mailsBefore = readOutbox(join(api.dataDir, 'outbox')).length;
      const motionId = await carried('appoint-auditor', { personId });
      const appointed = await eventually('the appointment', async () =>
        (await api.store.readStream('steering-group')).find(
          (event) => (event.data as { motionId: string }).motionId === motionId,
        ),
      );
      expect(appointed).toMatchObject({ type: 'AuditorAppointed', data: { personId } });
      const at = `minPosition=${appointed.position}`;
      expect((await api.call('GET', `/me?${at}`, token)).body).toMatchObject({
        networkId: 'held',
        auditor: true,
      });
      for (const path of AUDIT_ROUTES) expect([path, await status(path, token)]).toEqual([path, 200]);
      await expectRefused(api, () => api.call('GET', `/dashboard?${at}`, token), 403, 'not-allowed');
      expect(readOutbox(join(api.dataDir, 'outbox'))).toHaveLength(mailsBefore);
    });

    it('refuses a payload that names both a member and an outsider, or an outsider without an address', async () => {
      const closesAt = new Date(Date.now() + 86_400_000).toISOString();
      for (const payload of [
        { personId: coordinators.b.personId, ...OUTSIDER },
        { name: 'No Address' },
        { email: 'not-an-address', name: 'Bad Address' },
      ])
        await expectRefused(
          api,
          () =>
            api.call('POST', '/motions', coordinators.a.token, {
              kind: 'appoint-auditor',
              payload,
              closesAt,
            }),
          400,
        );
    });
  });

  // Last: it ends the outside auditor's access.
  describe("the outside auditor's right to erasure", () => {
    it('is theirs alone: anyone else is answered as for no one', async () => {
      const path = (personId: string) => `/people/${personId}/personal-data`;
      await expectRefused(api, () => api.call('DELETE', path(coordinators.a.personId), outside.token), 404);
      await expectRefused(api, () => api.call('DELETE', path(outside.personId), coordinators.a.token), 404);
    });

    it('shreds their details, discards mail held for them, and stops their token', async () => {
      const erased = await api.call('DELETE', `/people/${outside.personId}/personal-data`, outside.token);
      expect(erased.status).toBe(200);
      expect((await api.call('GET', '/me', outside.token)).status).toBe(401);
      const motion = await api.call(
        'GET',
        `/motions/${appointment}?minPosition=${erased.body.position}`,
        coordinators.b.token,
      );
      expect(motion.body.appointee).toEqual({ forgotten: true });
      expect(
        readOutbox(join(api.dataDir, 'outbox')).filter((mail) => mail.to.includes(OUTSIDER.email)),
      ).toEqual([]);
    });
  });
});

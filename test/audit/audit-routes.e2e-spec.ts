import { enrolSeatedNetworks, expectRefused, RunningApi, startApi } from '../support/running-api';
import { PracticeSteps, SEATS } from './practice-steps';

const FACILITATOR = 'facilitator-token-for-the-audit-routes-test-0123456';

// Who may read them (the public, departed, suspended and outside auditors): auditors.e2e-spec.ts.
describe('the audit routes', () => {
  let api: RunningApi;
  let coordinators: Record<string, { token: string; personId: string }>;
  let steps: PracticeSteps;

  beforeAll(async () => {
    api = await startApi('audit-routes', { BOOTSTRAP_TOKEN: FACILITATOR, RATE_LIMIT_PER_MINUTE: '100000' });
    coordinators = await enrolSeatedNetworks(api, FACILITATOR, SEATS);
    steps = new PracticeSteps(
      api,
      Object.fromEntries(Object.entries(coordinators).map(([id, { token }]) => [id, token])),
    );
    await steps.published('a', 'Gritting routes re-planned');
  });
  afterAll(() => api.close());

  describe('what they answer', () => {
    const auditor = () => coordinators.a.token;

    it('pages through the log in global order, each page bounded, with hashes and where to go on', async () => {
      const head = await api.store.headPosition();
      const all = await api.store.readAll();
      const seen: Array<{ position: string; metadata: { hash: string; prevHash: string } }> = [];
      let from: string | null = '0';
      while (from !== null) {
        const page = await api.call('GET', `/audit/events?fromPosition=${from}&limit=7`, auditor());
        expect(page.status).toBe(200);
        expect(page.body.events.length).toBeLessThanOrEqual(7);
        seen.push(...page.body.events);
        from = page.body.nextPosition;
      }
      expect(seen.map((event) => event.position)).toEqual(all.map((event) => event.position.toString()));
      expect(seen.at(-1)!.position).toBe(head.toString());
      expect(seen[0]).toMatchObject({
        stream: all[0].stream,
        revision: '0',
        id: all[0].id,
        type: all[0].type,
        data: all[0].data,
        metadata: { hash: all[0].metadata.hash, prevHash: '0'.repeat(64) },
      });
    });

    it('refuses a page over 1,000 events', async () => {
      await expectRefused(
        api,
        () => api.call('GET', '/audit/events?limit=1001', auditor()),
        400,
        'validation',
      );
    });

    it("shows one stream's events, and 404 for a stream with none", async () => {
      const stream = await api.call('GET', '/audit/streams/network-a', auditor());
      const stored = await api.store.readStream('network-a');
      expect(stream.body.events.map((event: { revision: string }) => event.revision)).toEqual(
        stored.map((event) => event.revision.toString()),
      );
      expect(stream.body.nextRevision).toBeNull();
      await expectRefused(
        api,
        () => api.call('GET', '/audit/streams/network-nowhere', auditor()),
        404,
        'not-found',
      );
    });

    it('verifies the hash chains of the whole log', async () => {
      const verified = await api.call('GET', '/audit/verify', auditor());
      expect(verified.body).toEqual({
        ok: true,
        eventsChecked: (await api.store.readAll()).length,
        streamsChecked: expect.any(Number),
        ledger: expect.objectContaining({ witnessQuorum: 0 }),
      });
    });

    it('asks for one point in time, as a position or a time, not both', async () => {
      await expectRefused(api, () => api.call('GET', '/audit/catalogue', auditor()), 400, 'validation');
      await expectRefused(
        api,
        () => api.call('GET', '/audit/catalogue?asOfPosition=1&asOfTime=2026-01-01T00:00:00Z', auditor()),
        400,
      );
    });
  });
});

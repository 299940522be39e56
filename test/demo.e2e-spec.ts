import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PRACTICES, DemoPractice } from '../apps/cli/src/demo/demo-practices';
import { DemoApi, runDemoCli, startDemoApi } from './support/demo-api';

const stories = (...of: DemoPractice['story'][]) =>
  DEMO_PRACTICES.filter((practice) => of.includes(practice.story));

describe('npm run cli -- demo', () => {
  let api: DemoApi;
  const tokenOf = (name: string) => api.tokenOf(name);
  const call: DemoApi['call'] = (...args) => api.call(...args);

  beforeAll(async () => (api = await startDemoApi('demo')), 120_000);
  afterAll(() => api?.close());

  it('seeds an empty DATA_DIR, says how to sign in, and refuses it once it is not empty', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cns-demo-again-'));
    try {
      const first = runDemoCli(dataDir);
      expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
      expect(first.stdout).toContain(`with a token from ${join(dataDir, 'demo-tokens.json')}`);
      expect(first.stdout).toContain('Priya Shah: represents West Midland Highways Alliance');
      const head = statSync(join(dataDir, 'events.sqlite')).size;

      const again = runDemoCli(dataDir);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('is not empty');
      expect(statSync(join(dataDir, 'events.sqlite')).size).toBe(head);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const other = mkdtempSync(join(tmpdir(), 'cns-demo-other-'));
    try {
      writeFileSync(join(other, 'notes.txt'), 'mine');
      expect(runDemoCli(other).status).toBe(2);
      expect(readdirSync(other)).toEqual(['notes.txt']);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('writes working tokens for the demo people to a file only its owner can read', async () => {
    expect(statSync(join(api.dataDir, 'demo-tokens.json')).mode & 0o777).toBe(0o600);
    expect(api.tokens.filter((person) => person.does === 'represents')).toHaveLength(7);
    for (const person of api.tokens) {
      const me = await call('GET', '/me', person.token);
      expect(me.body).toMatchObject({ personId: person.personId, networkId: person.networkId });
      expect(me.body.seat).toBe(person.does === 'represents');
    }
  });

  it('shows a living catalogue: every published item, from all seven networks', async () => {
    const published = stories(
      'published',
      'changes-then-published',
      'revised-and-republished',
      'revision-in-review',
    );
    const catalogue = await call('GET', '/catalogue?pageSize=100');
    expect(catalogue.body.total).toBe(published.length);
    expect(catalogue.body.items.map((item: { title: string }) => item.title).sort()).toEqual(
      published.map((practice) => practice.title).sort(),
    );
    expect(catalogue.body.facets.network).toHaveLength(7);

    const found = await call('GET', '/catalogue?q=gully');
    expect(found.body.items.map((item: { title: string }) => item.title).sort()).toEqual([
      'Gully sensors on flood-prone routes',
      'Risk-based gully cleansing frequencies',
    ]);
    const revised = catalogue.body.items.find(
      (item: { title: string }) => item.title === 'Guide to writing a highway network management plan',
    );
    expect(revised.version).toBe(2);
  });

  it("lists a network's own material in every state to its members, and to no one else", async () => {
    const material = await call('GET', '/networks/wmha/practices', tokenOf('Tom Baverstock'));
    const ours = DEMO_PRACTICES.filter((practice) => practice.network === 'wmha');
    expect(material.body.items.map((item: { title: string }) => item.title).sort()).toEqual(
      ours.map((practice) => practice.title).sort(),
    );
    expect(new Set(material.body.items.map((item: { state: string }) => item.state))).toEqual(
      new Set(['published', 'in_review', 'changes_requested']),
    );
    const other = await call('GET', '/networks/wmha/practices', tokenOf('Marcus Bell'));
    expect(other.status).toBe(404);
  });

  it('gives each seat holder a review queue of other networks’ material, oldest first', async () => {
    const dashboard = await call('GET', '/dashboard', tokenOf('Priya Shah'));
    expect(dashboard.body.reviewQueue.count).toBe(stories('in-review', 'revision-in-review').length);
    expect(dashboard.body.reviewQueue.overdue).toBeGreaterThan(0);

    const queue = await call('GET', '/review-queue', tokenOf('Priya Shah'));
    expect(queue.status).toBe(200);
    const { items } = queue.body;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item: { networkId: string }) => item.networkId !== 'wmha')).toBe(true);
    const opened = items.map((item: { openedAt: string }) => item.openedAt);
    expect(opened).toEqual([...opened].sort());
  });

  it('fills the dashboard: decisions, six quarters of activity, a flagged network, priorities, seats and reach', async () => {
    const { body } = await call('GET', '/dashboard', tokenOf('Marcus Bell'));
    const approvals =
      stories('published', 'approved', 'changes-then-published', 'revision-in-review').length +
      2 * stories('revised-and-republished').length;
    expect(body.decisions.approved.total).toBe(approvals);
    expect(body.decisions.rejected).toBe(stories('rejected').length);
    expect(body.decisions.medianDaysToDecision).toBeGreaterThan(0);
    expect(new Set(body.activity.map((row: { quarter: string }) => row.quarter)).size).toBeGreaterThanOrEqual(
      6,
    );
    expect(
      body.updateStatus.networks.find((network: { networkId: string }) => network.networkId === 'dmg'),
    ).toMatchObject({
      flagged: true,
    });
    expect(body.priorities).toMatchObject({ period: String(new Date().getUTCFullYear()), total: 4 });
    expect(body.priorities.covered).toBeGreaterThan(0);
    expect(body.seats).toMatchObject({ filled: 7, vacant: 0, openMotions: { count: 1 } });
    expect(body.reach.contributingNetworks).toHaveLength(7);
    expect(body.reach.fundingShare).toBeGreaterThan(0);
  });

  it('has a carried motion, its decision applied, and an open one', async () => {
    const carried = await call('GET', '/motions?status=carried', tokenOf('Joanna Pike'));
    expect(carried.body.items).toEqual([expect.objectContaining({ kind: 'set-priorities' })]);
    const open = await call('GET', '/motions?status=open', tokenOf('Joanna Pike'));
    expect(open.body.items).toEqual([expect.objectContaining({ kind: 'change-approval-policy' })]);
    const steeringGroup = await api.store.readStream('steering-group');
    expect(steeringGroup.map((event) => event.type)).toContain('CollectionPrioritiesSet');
  });
});

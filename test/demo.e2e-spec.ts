import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { createApi } from '../apps/api/src/api';
import type { DemoToken } from '../apps/cli/src/demo/seed-demo';
import { DEMO_PRACTICES, DemoPractice } from '../apps/cli/src/demo/demo-practices';
import { httpClient } from './support/running-api';

const root = join(__dirname, '..');

/** `npm run cli -- demo`, as a newcomer runs it. */
function demo(dataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'apps/cli/src/main.ts'), 'demo'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
}

const stories = (...of: DemoPractice['story'][]) =>
  DEMO_PRACTICES.filter((practice) => of.includes(practice.story));

describe('npm run cli -- demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-demo-'));
  let app: INestApplication;
  let call: ReturnType<typeof httpClient>;
  let tokens: DemoToken[];
  const tokenOf = (name: string) => tokens.find((person) => person.name === name)!.token;

  beforeAll(async () => {
    const run = demo(dataDir);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain(`with a token from ${join(dataDir, 'demo-tokens.json')}`);
    tokens = JSON.parse(readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8'));
    app = await createApi(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    await app.listen(0, '127.0.0.1');
    call = httpClient(`${await app.getUrl()}/api/v1`);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a DATA_DIR that is not empty, and writes nothing there', async () => {
    const before = await app.get(EventStore).headPosition();
    const run = demo(dataDir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('is not empty');
    expect(await app.get(EventStore).headPosition()).toBe(before);

    const other = mkdtempSync(join(tmpdir(), 'cns-demo-other-'));
    try {
      writeFileSync(join(other, 'notes.txt'), 'mine');
      expect(demo(other).status).toBe(2);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('writes working tokens for the demo people to a file only its owner can read', async () => {
    expect(statSync(join(dataDir, 'demo-tokens.json')).mode & 0o777).toBe(0o600);
    expect(tokens.filter((person) => person.does === 'represents')).toHaveLength(7);
    for (const person of tokens) {
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
    const steeringGroup = await app.get(EventStore).readStream('steering-group');
    expect(steeringGroup.map((event) => event.type)).toContain('CollectionPrioritiesSet');
  });
});

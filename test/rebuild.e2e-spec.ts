import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dumpReadModel, ProjectionRunner, READ_MODEL_PROJECTIONS, rebuildReadModels } from '@app/read-models';
import { eventually } from './support/eventually';
import { enrolSeatedNetworks, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-rebuild-test-0123456789';
const root = join(__dirname, '..');

/** `npm run cli -- rebuild` as an operator runs it, beside a running API (not blocking this process's loop). */
function rebuild(dataDir: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'apps/cli/src/main.ts'), 'rebuild'],
      {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: '' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('cli rebuild, while the API serves', () => {
  let api: RunningApi;
  let token: string;
  let leaverToken: string;

  beforeAll(async () => {
    // The reads below go on for as long as the rebuild takes: lift the per-caller limit for them.
    api = await startApi('rebuild', { BOOTSTRAP_TOKEN: FACILITATOR, RATE_LIMIT_PER_MINUTE: '1000000' });
    const { a, b, c } = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    token = a.token;
    leaverToken = c.token;
    // Published material, so the rebuild has a catalogue (and its full-text index) to make; then a revision
    // published over its first version, a withdrawal and a request for changes, so that the rebuilt views are
    // compared after rows replaced and deleted too, not only added.
    const content = (title: string, themes = ['drainage']) => ({
      title,
      summary: `${title}: what we did`,
      body: 'How, and what it saved.',
      themes,
      authorities: [],
      links: [],
      attachments: [],
      contact: { name: 'Ann', email: 'ann@example.org' },
    });
    const done = async (reply: Promise<{ status: number; body: Record<string, unknown> }>) => {
      const { status, body } = await reply;
      expect([200, 201]).toContain(status);
      return body;
    };
    const approved = async (practiceId: unknown, round: number) => {
      for (const reviewer of [b, c])
        await done(
          api.call('POST', `/practices/${practiceId}/reviews`, reviewer.token, {
            round,
            verdict: 'approve',
            comment: '',
          }),
        );
      await done(api.call('POST', `/practices/${practiceId}/publish`, a.token));
    };
    const published = [];
    for (const title of [
      'Gully cleansing by risk',
      'Shared winter gritting routes',
      'Pothole repairs first time',
    ]) {
      const { practiceId } = await done(api.call('POST', '/practices', a.token, content(title)));
      await approved(practiceId, 1);
      published.push(practiceId);
    }
    await done(
      api.call('POST', `/practices/${published[0]}/revisions`, a.token, {
        ...content('Gully cleansing by risk, two years on', ['drainage', 'winter-service']),
        basedOnVersion: 1,
      }),
    );
    await approved(published[0], 2);
    await done(api.call('POST', `/practices/${published[2]}/withdraw`, a.token, { reason: 'Superseded' }));
    const { practiceId: unfinished } = await done(
      api.call('POST', '/practices', a.token, content('Verge cutting for wildlife')),
    );
    await done(
      api.call('POST', `/practices/${unfinished}/reviews`, b.token, {
        round: 1,
        verdict: 'request_changes',
        comment: 'Say what it cost',
      }),
    );
  });
  afterAll(() => api.close());

  it('builds a fresh file beside the live one and the API switches to it without refusing a read', async () => {
    const runner = api.app.get(ProjectionRunner);
    const before = (await api.call('GET', '/networks', token)).body;
    const searched = (await api.call('GET', '/catalogue?q=gritting')).body;
    expect(searched.total).toBe(1);
    const oldFile = runner.file;

    let reading = true;
    const statuses: number[] = [];
    const reads = (async () => {
      while (reading) {
        statuses.push((await api.call('GET', '/networks', token)).status);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const run = await rebuild(api.dataDir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toMatchObject({ events: expect.any(Number), eventsPerSecond: expect.any(Number) });
    expect(printed.file).not.toBe(oldFile);

    // The API notices the new file on its own schedule; reads go on until it has switched.
    await eventually('the API to switch to the rebuilt file', () => runner.file === printed.file, {
      timeoutMs: 20_000,
    }).finally(() => (reading = false));
    await reads;
    expect(existsSync(oldFile)).toBe(false);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect((await api.call('GET', '/networks', token)).body).toEqual(before);
    expect((await api.call('GET', '/catalogue?q=gritting')).body).toEqual(searched);

    // The views carry on from the new file: a write made now is read back.
    const left = await api.call('POST', '/networks/c/leave', leaverToken, { reason: 'x' });
    expect(left.status).toBe(200);
    const after = await api.call('GET', `/networks?minPosition=${left.body.position}`, token);
    expect(after.body.find((network: { networkId: string }) => network.networkId === 'c').status).toBe(
      'left',
    );
  });

  it('rebuilds byte-identical read models every time, the same as the views the API kept as it went', async () => {
    const runner = api.app.get(ProjectionRunner);
    expect(await runner.waitFor(await api.store.headPosition())).toBe(true);
    const kept = dumpReadModel(runner.database);
    const elsewhere = mkdtempSync(join(tmpdir(), 'cns-rebuild-twice-'));
    try {
      const dumps = [];
      for (const at of ['2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z']) {
        const { file } = await rebuildReadModels(api.store, elsewhere, READ_MODEL_PROJECTIONS, {
          now: new Date(at),
        });
        const db = new Database(file, { readonly: true });
        dumps.push(dumpReadModel(db));
        db.close();
      }
      expect(dumps[0]).toBe(dumps[1]);
      expect(dumps[0]).toBe(kept);
      expect(kept).toContain('Shared winter gritting routes');
      expect(kept).toContain('Gully cleansing by risk, two years on');
      expect(kept).toContain('Verge cutting for wildlife');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

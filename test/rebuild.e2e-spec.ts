import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectionRunner } from '@app/read-models';
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
    const { a, c } = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    token = a.token;
    leaverToken = c.token;
  });
  afterAll(() => api.close());

  it('builds a fresh file beside the live one and the API switches to it without refusing a read', async () => {
    const runner = api.app.get(ProjectionRunner);
    const before = (await api.call('GET', '/networks', token)).body;
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

    for (let attempt = 0; attempt < 400 && runner.file !== printed.file; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    reading = false;
    await reads;
    expect(runner.file).toBe(printed.file);
    expect(existsSync(oldFile)).toBe(false);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect((await api.call('GET', '/networks', token)).body).toEqual(before);

    // The views carry on from the new file: a write made now is read back.
    const left = await api.call('POST', '/networks/c/leave', leaverToken, { reason: 'x' });
    expect(left.status).toBe(200);
    const after = await api.call('GET', `/networks?minPosition=${left.body.position}`, token);
    expect(after.body.find((network: { networkId: string }) => network.networkId === 'c').status).toBe(
      'left',
    );
  });
});

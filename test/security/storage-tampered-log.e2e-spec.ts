import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RunningApi, enrolNetwork, httpClient, startApi } from '../support/running-api';

const FACILITATOR = 'facilitator-token-for-the-tampered-log-test-0123456789';
const ENV = { BOOTSTRAP_TOKEN: FACILITATOR, FACILITATOR_NAME: 'Tamper Test Facilitators' };
const STREAM = 'network-nht-network';

describe('a log changed while the service was stopped (issue 9, finding 15)', () => {
  let parent: string;
  let dataDir: string;
  let api: RunningApi | undefined;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'cns-storage-tamper-'));
    dataDir = join(parent, 'data');
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
    rmSync(parent, { recursive: true, force: true });
  });

  const addMember = (running: RunningApi, name: string) =>
    running.call('POST', '/networks/nht-network/members', FACILITATOR, {
      name,
      email: `${name.toLowerCase()}@example.org`,
      roles: ['contributor'],
    });

  /** /health polled until it answers `status`; the last answer if it never does. */
  async function healthOnce(running: RunningApi, status: string) {
    const health = () => httpClient(running.base.replace('/api/v1', ''))('GET', '/health');
    let answer = await health();
    for (let attempt = 0; attempt < 100 && answer.body.status !== status; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await health();
    }
    return answer;
  }

  it('is found at start: /health degraded naming the event, and writes to its stream refused with nothing appended', async () => {
    api = await startApi('storage-tamper', { DATA_DIR: dataDir, ...ENV });
    expect((await addMember(api, 'Ada')).status).toBe(201);
    expect((await healthOnce(api, 'ok')).body.info.logIntegrity).toMatchObject({ status: 'up' });
    await api.close();
    api = undefined;

    // One byte of the facilitator network's first event (not its head): its name, "Tamper" made "Tamqer".
    const db = new Database(join(dataDir, 'events.sqlite'));
    const changed = db
      .prepare("UPDATE events SET data = replace(data, 'Tamper', 'Tamqer') WHERE stream = ? AND revision = 0")
      .run(STREAM);
    db.close();
    expect(changed.changes).toBe(1);

    const restarted = (api = await startApi('storage-tamper-restarted', { DATA_DIR: dataDir, ...ENV }));
    const { status, body } = await healthOnce(restarted, 'degraded');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'degraded',
      error: {
        logIntegrity: {
          status: 'down',
          firstFailure: { stream: STREAM, revision: '0', reason: 'hash does not match the event content' },
          brokenStreams: 1,
        },
      },
    });

    const head = await restarted.store.headPosition();
    const events = (await restarted.store.readStream(STREAM)).length;
    const refused = await addMember(restarted, 'Bea');
    // Not 503: retrying will not mend a history that fails verification.
    expect(refused.status).toBe(500);
    expect(refused.body.type).toBe('/problems/log-integrity');
    expect(refused.type).toMatch(/application\/problem\+json/);
    expect(await restarted.store.headPosition()).toBe(head);
    expect(await restarted.store.readStream(STREAM)).toHaveLength(events);

    // Other streams carry on.
    expect((await enrolNetwork({ call: restarted.call, dataDir }, FACILITATOR, 'wmha')).token).toEqual(
      expect.any(String),
    );
  });
});

import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { hashToken } from '@app/application';
import { createApi } from '../apps/api/src/api';

describe('bootstrap on an empty store', () => {
  let dataDir: string;
  let app: INestApplication | undefined;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'cns-bootstrap-'))));
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}) {
    app = await createApi(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }));
    await app.init();
    return app.get(EventStore);
  }

  it('creates the facilitator network and its first coordinator, with a one-time token in a 0600 file', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const store = await start();
    const printed = write.mock.calls.flat().join('');
    write.mockRestore();

    const tokenFile = join(dataDir, 'bootstrap-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);

    const events = await store.readStream('network-nht-network');
    expect(events.map((event) => event.type)).toEqual([
      'NetworkEnrolled',
      'MemberRegistered',
      'AccessTokenIssued',
    ]);
    expect(events[0].data).toMatchObject({
      networkId: 'nht-network',
      facilitator: true,
      name: 'National Highways & Transport Network',
    });
    // Only the hash is stored.
    expect(events[2].data).toMatchObject({ tokenHash: hashToken(token) });
    expect(JSON.stringify(events.map((event) => event.data))).not.toContain(token);
    expect(printed).toContain(token);
  });

  it('happens once: a restart on a non-empty store changes nothing', async () => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const first = await start();
    const head = await first.headPosition();
    await app!.close();
    rmSync(join(dataDir, 'bootstrap-token'));

    const second = await start();
    jest.restoreAllMocks();
    expect(await second.headPosition()).toBe(head);
    expect(existsSync(join(dataDir, 'bootstrap-token'))).toBe(false);
  });

  it('uses BOOTSTRAP_TOKEN when it is set, and writes no file', async () => {
    const given = 'a-token-chosen-by-the-operator-0123456789';
    const store = await start({ BOOTSTRAP_TOKEN: given });
    const [, , issued] = await store.readStream('network-nht-network');
    expect(issued.data).toMatchObject({ tokenHash: hashToken(given) });
    expect(existsSync(join(dataDir, 'bootstrap-token'))).toBe(false);
  });

  it('names the facilitator network from FACILITATOR_NETWORK_ID', async () => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const store = await start({ FACILITATOR_NETWORK_ID: 'facilitators' });
    jest.restoreAllMocks();
    expect((await store.readStream('network-facilitators'))[0].data).toMatchObject({
      networkId: 'facilitators',
    });
  });
});

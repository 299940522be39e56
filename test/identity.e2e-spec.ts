import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { createApi } from '../apps/api/src/api';

const TOKEN = 'bootstrap-token-for-the-identity-test-0123456789';

describe('bearer tokens and GET /me', () => {
  let app: INestApplication;
  let dataDir: string;
  let base: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cns-identity-'));
    app = await createApi(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', BOOTSTRAP_TOKEN: TOKEN }));
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/api/v1`;
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const me = (authorization?: string) =>
    fetch(`${base}/me`, { headers: authorization ? { authorization } : {} });

  it("resolves the bootstrap token to the facilitator's first coordinator", async () => {
    const response = await me(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      personId: expect.any(String),
      networkId: 'nht-network',
      roles: ['coordinator', 'contributor'],
      seat: false,
      auditor: true,
    });
  });

  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', 'Bearer not-a-token-anyone-was-given'],
    ['another scheme', `Basic ${TOKEN}`],
  ])('answers %s with 401 problem+json', async (_, authorization) => {
    const response = await me(authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 401, type: '/problems/unauthorized' });
  });

  it('leaves /health public, and reports the read models beside the event store', async () => {
    const response = await fetch(`${base.replace('/api/v1', '')}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      info: { eventStore: { status: 'up' }, readModels: { status: 'up', caughtUp: true } },
    });
  });
});

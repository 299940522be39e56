import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { createApi } from '../apps/api/src/api';

describe('public reference data', () => {
  let app: INestApplication;
  let dataDir: string;
  let base: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cns-reference-'));
    app = await createApi(
      loadConfig({
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        BOOTSTRAP_TOKEN: 'reference-test-token-0123456789abcdef',
      }),
    );
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/api/v1`;
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: await response.json() };
  };

  it('serves the themes vocabulary and the principles without a token', async () => {
    const themes = await get('/themes');
    expect(themes.status).toBe(200);
    expect(themes.body).toContainEqual({ code: 'winter-service', label: 'Winter service' });
    expect((await get('/principles')).body).toEqual({
      version: '2026-1',
      text: expect.stringContaining('Connect & Share'),
    });
  });

  it('serves the authority register, one authority by code, and 404 for an unknown code', async () => {
    const all = await get('/authorities');
    expect(all.body).toHaveLength(128);
    const leeds = await get('/authorities/leeds');
    expect(leeds.body).toMatchObject({
      code: 'leeds',
      name: 'Leeds',
      status: 'crsts',
      combinedAuthority: expect.any(String),
    });
    const unknown = await get('/authorities/atlantis');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, type: '/problems/not-found' });
  });
});

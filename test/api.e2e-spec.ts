import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { EventStore, SqliteEventStore, verifyAll } from '@app/event-store';
import { createApi } from '../apps/api/src/api';
import { eventually } from './support/eventually';

const root = join(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('API process', () => {
  let dataDir: string;
  let afterThis = () => undefined as unknown;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'cns-api-'))));
  afterEach(() => {
    afterThis();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('GET /health', () => {
    let app: INestApplication;
    afterEach(() => app?.close());

    it('reports the event store up, with its adapter and head position', async () => {
      app = await createApi(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
      await app.listen(0, '127.0.0.1');
      const store = app.get(EventStore);
      const { position } = await store.appendToStream('practice-1', [
        { id: '6f1d7c2e-3b1a-4c55-9b1e-0d6a2f0c9a11', type: 'HealthProbed', data: {} },
      ]);

      const response = await fetch(`${await app.getUrl()}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        info: {
          eventStore: { status: 'up', adapter: 'SqliteEventStore', headPosition: position.toString() },
        },
      });
    });

    it('reports 503 when the event store cannot answer', async () => {
      app = await createApi(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
      await app.listen(0, '127.0.0.1');
      await app.get(EventStore).close();

      const response = await fetch(`${await app.getUrl()}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        status: 'error',
        error: { eventStore: { status: 'down' } },
      });
    });
  });

  it('builds as `npm start` does, logs JSON with pino, and shuts down cleanly on SIGTERM', async () => {
    // The real build (tsc with decorator metadata, path aliases rewritten), not a transpile-only loader.
    const build = spawnSync(join(root, 'node_modules/.bin/nest'), ['build', 'api'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(build.status).toBe(0);
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, [join(root, 'dist/apps/api/apps/api/src/main.js')], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    afterThis = () => child.kill('SIGKILL');
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const health = await eventually(
      'the built API to answer /health',
      () => fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined),
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(health.status).toBe(200);
    // The build ships the pages' templates and the Design System's assets.
    const search = await fetch(`http://127.0.0.1:${port}/`);
    expect([search.status, search.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    await expect(search.text()).resolves.toMatch(
      /<h1 class="govuk-heading-l">Search highways practice<\/h1>/,
    );
    for (const asset of [
      '/assets/govuk-frontend.min.css',
      '/assets/govuk-frontend.min.js',
      '/assets/init.js',
    ])
      expect([asset, (await fetch(`http://127.0.0.1:${port}${asset}`)).status]).toEqual([asset, 200]);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const logs = output
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{')) // the one-time bootstrap token is printed as plain text
      .map((line) => JSON.parse(line) as { msg: string; level: number });
    expect(logs.map((entry) => entry.msg)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/listening on port/),
        'SIGTERM received: shutting down',
        'shutdown complete',
      ]),
    );
    // The store was closed cleanly: it reopens and its chain (the bootstrap's events) verifies.
    const store: EventStore = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    await expect(verifyAll(store)).resolves.toMatchObject({ ok: true, eventsChecked: 3 });
    await store.close();
  }, 120_000);
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/read-models';
import { createApi } from '../../apps/api/src/api';
import type { DemoToken } from '../../apps/cli/src/demo/seed-demo';
import { httpClient, RunningApi } from './running-api';

const root = join(__dirname, '..', '..');

/** `npm run cli -- demo` into `dataDir`, as a newcomer runs it. */
export function runDemoCli(dataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'apps/cli/src/main.ts'), 'demo'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
}

/** A real API on a DATA_DIR the demo seeded, with the demo people's tokens by name. */
export interface DemoApi extends RunningApi {
  tokens: DemoToken[];
  tokenOf(name: string): string;
}

export async function startDemoApi(name: string): Promise<DemoApi> {
  const dataDir = mkdtempSync(join(tmpdir(), `cns-${name}-`));
  const run = runDemoCli(dataDir);
  if (run.status !== 0) throw new Error(`npm run cli -- demo failed: ${run.stderr}`);
  const tokens = JSON.parse(readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8')) as DemoToken[];
  const app = await createApi(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
  await app.listen(0, '127.0.0.1');
  // The views are built from the seeded log as the API starts: signing in needs the identity view.
  const store = app.get(EventStore);
  if (!(await app.get(ProjectionRunner).waitFor(await store.headPosition(), 60_000)))
    throw new Error('The read models did not catch up with the demo log');
  const base = `${await app.getUrl()}/api/v1`;
  return {
    app,
    base,
    dataDir,
    store,
    call: httpClient(base),
    tokens,
    tokenOf: (person) => {
      const found = tokens.find((token) => token.name === person);
      if (!found) throw new Error(`No demo token for ${person}`);
      return found.token;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

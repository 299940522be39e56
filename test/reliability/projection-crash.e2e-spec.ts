import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@app/event-store';
import { dumpReadModel, ProjectionRunner, READ_MODEL_PROJECTIONS } from '@app/read-models';
import { enrolSeatedNetworks, startApi } from '../support/running-api';
import { slowProjection } from './slow.projection';

const FACILITATOR = 'facilitator-token-for-the-projection-crash-test-0123456789';
const KILLS = 8;

/** Runs the projection child until it exits or is killed `afterMs` after it starts applying. */
function runChild(eventsFile: string, readModelFile: string, afterMs?: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'projection-child.ts'), eventsFile, readModelFile],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (afterMs !== undefined && line.startsWith('from ')) setTimeout(() => child.kill('SIGKILL'), afterMs);
  });
  return new Promise<{ outcome: NodeJS.Signals | number | null; lines: string[] }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ outcome: signal ?? code, lines })),
  );
}

/**
 * A projection runner killed (SIGKILL) at random moments while it applies a realistic log, restarted each time,
 * ends with read models byte-identical to those of a runner that was never stopped.
 */
describe('projection runner under SIGKILL', () => {
  let dir: string;
  let eventsFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cns-projection-crash-'));
    // A log made through the API: networks, seats, a few hundred submissions, reviews, publications.
    const api = await startApi('projection-crash', { BOOTSTRAP_TOKEN: FACILITATOR });
    const { a, b, c } = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    const content = {
      title: 'Material',
      summary: 'Summary',
      body: 'Body text',
      themes: ['drainage'],
      authorities: [],
      links: [],
      attachments: [],
      contact: { name: 'Ann', email: 'ann@example.org' },
    };
    for (let n = 0; n < 300; n += 10) {
      const ids = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const submitted = await api.call('POST', '/practices', a.token, {
            ...content,
            title: `Item ${n + i}`,
          });
          return submitted.body.practiceId as string;
        }),
      );
      for (const id of ids.slice(0, 5)) {
        for (const reviewer of [b, c])
          await api.call('POST', `/practices/${id}/reviews`, reviewer.token, {
            round: 1,
            verdict: 'approve',
            comment: '',
          });
        await api.call('POST', `/practices/${id}/publish`, a.token);
      }
    }
    // Closed cleanly first, so the log is all in its main file, then copied before the API's dir goes.
    await api.app.close();
    eventsFile = join(dir, 'events.sqlite');
    copyFileSync(join(api.dataDir, 'events.sqlite'), eventsFile);
    await api.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`resumes after ${KILLS} kills with the same read models as a runner never stopped`, async () => {
    const killed = join(dir, 'killed.sqlite');
    const progress: string[] = [];
    for (let round = 0; round < KILLS; round++) {
      const { outcome, lines } = await runChild(eventsFile, killed, 20 + Math.random() * 150);
      progress.push(lines[0]);
      if (outcome !== 'SIGKILL') break; // caught up before the kill came
    }
    const last = await runChild(eventsFile, killed);
    expect(last.outcome).toBe(0);

    // The kills landed while work remained: some run resumed from a checkpoint part-way through the log.
    const head = Number(last.lines.at(-1)!.replace('done ', ''));
    const resumedFrom = [...progress, last.lines[0]]
      .map((line) => line.replace('from ', ''))
      .filter((at) => at !== 'start')
      .map(Number);
    expect(resumedFrom.some((at) => at < head)).toBe(true);

    const store = new SqliteEventStore(eventsFile);
    const fresh = new ProjectionRunner(store, join(dir, 'fresh.sqlite'), [
      ...READ_MODEL_PROJECTIONS,
      slowProjection,
    ]);
    try {
      fresh.start();
      expect(await fresh.waitFor(await store.headPosition(), 30_000)).toBe(true);
      const resumed = new Database(killed, { readonly: true });
      try {
        expect(dumpReadModel(resumed)).toBe(dumpReadModel(fresh.database));
      } finally {
        resumed.close();
      }
    } finally {
      await fresh.close();
      await store.close();
    }
  }, 120_000);
});

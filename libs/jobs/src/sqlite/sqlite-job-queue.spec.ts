import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventually } from '../../../../test/support/eventually';
import { JobRun } from '../job-queue';
import { jobRunnerContract, TEST_RETRY } from '../testing/job-queue.contract';
import { SqliteJobQueue } from './sqlite-job-queue';

describe('SqliteJobQueue', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cns-jobs-'));
  let file = '';
  let tests = 0;
  beforeEach(() => (file = join(dir, `jobs-${(tests += 1)}.sqlite`)));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const options = { ...TEST_RETRY, concurrency: 4, stalledMs: 300, pollMs: 20 };

  jobRunnerContract(() => Promise.resolve(new SqliteJobQueue(file, options)));

  it('takes up a job whose process died mid-run once its lease lapses', async () => {
    const queue = new SqliteJobQueue(file, options);
    await queue.add({ handler: 'crash', id: 'c', data: {} });
    // The row as a process killed during the first run leaves it: active, its lease no longer renewed.
    const db = new Database(file);
    db.prepare(`UPDATE jobs SET state = 'active', attempts = 1, locked_until = ?`).run(Date.now() + 200);
    db.close();
    const runs: JobRun[] = [];
    await queue.start([{ name: 'crash', run: async (_, run) => void runs.push(run) }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs).toEqual([]);
    await eventually('the stalled job taken up', () => runs.length === 1);
    expect(runs).toEqual([{ id: 'c', attempt: 2, last: false }]);
    await queue.close();
  });
});

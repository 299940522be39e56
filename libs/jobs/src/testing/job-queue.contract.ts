import { eventually } from '../../../../test/support/eventually';
import { JobHandler, JobRun, JobRunner, RetryPolicy } from '../job-queue';

/** Short waits so the suite takes seconds: the semantics are the ones production runs with longer ones. */
export const TEST_RETRY: RetryPolicy = { attempts: 3, backoffMs: 150, maxBackoffMs: 1_000 };

interface Recorded {
  data: unknown;
  run: JobRun;
  at: number;
}

function recorder(name: string, behave: (run: JobRun) => Promise<void> = async () => undefined) {
  const runs: Recorded[] = [];
  const handler: JobHandler = {
    name,
    async run(data, run) {
      runs.push({ data, run, at: Date.now() });
      await behave(run);
    },
  };
  return { handler, runs };
}

/**
 * What every `JobRunner` adapter does (in-process SQLite, BullMQ): `open` gives a runner on the same store each
 * time (a restart), with `TEST_RETRY`.
 */
export function jobRunnerContract(open: () => Promise<JobRunner>): void {
  const opened: JobRunner[] = [];
  const start = async (...handlers: JobHandler[]) => {
    const runner = await open();
    opened.push(runner);
    await runner.start(handlers);
    return runner;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((runner) => runner.close()));
  });

  it('runs an added job once with its data; the same id added again adds nothing', async () => {
    const { handler, runs } = recorder('once');
    const runner = await start(handler);
    await runner.add({ handler: 'once', id: 'event-1:once', data: { n: 1 } });
    await eventually('one run', () => runs.length === 1);
    await runner.add({ handler: 'once', id: 'event-1:once', data: { n: 2 } });
    await runner.add({ handler: 'once', id: 'event-2:once', data: { n: 3 } });
    await eventually('two runs', () => runs.length === 2);
    expect(runs.map((r) => [r.data, r.run])).toEqual([
      [{ n: 1 }, { id: 'event-1:once', attempt: 1, last: false }],
      [{ n: 3 }, { id: 'event-2:once', attempt: 1, last: false }],
    ]);
  });

  it('retries a failing job with growing delays, says which run is the last, then counts it failed', async () => {
    const { handler, runs } = recorder('failing', () => Promise.reject(new Error('receiver down')));
    const runner = await start(handler);
    await runner.add({ handler: 'failing', id: 'f', data: {} });
    await eventually('every attempt', () => runs.length === TEST_RETRY.attempts);
    expect(runs.map((r) => [r.run.attempt, r.run.last])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    const [first, second] = [runs[1].at - runs[0].at, runs[2].at - runs[1].at];
    expect(first).toBeGreaterThanOrEqual(TEST_RETRY.backoffMs - 5);
    expect(second).toBeGreaterThanOrEqual(2 * TEST_RETRY.backoffMs - 5);
    await eventually('counted failed', async () => (await runner.counts()).failing?.failed === 1);
  });

  it('succeeds on a later attempt and counts nothing failed', async () => {
    const { handler, runs } = recorder('flaky', async (run) => {
      if (run.attempt < 2) throw new Error('once');
    });
    const runner = await start(handler);
    await runner.add({ handler: 'flaky', id: 'x', data: {} });
    await eventually('a second run', () => runs.length === 2);
    await eventually('nothing left', async () => {
      const { waiting, active, delayed, failed } = (await runner.counts()).flaky;
      return waiting + active + delayed + failed === 0;
    });
  });

  it('holds a delayed job until it is due, counting it delayed meanwhile', async () => {
    const { handler, runs } = recorder('later');
    const runner = await start(handler);
    const added = Date.now();
    await runner.add({ handler: 'later', id: 'l', data: {}, delayMs: 600 });
    expect((await runner.counts()).later).toMatchObject({ delayed: 1 });
    await eventually('one run', () => runs.length === 1);
    expect(runs[0].at - added).toBeGreaterThanOrEqual(590);
  });

  it('lets running jobs finish when stopped, and takes no new one', async () => {
    let release: () => void = () => undefined;
    const finished: string[] = [];
    const { handler, runs } = recorder('slow', async (run) => {
      await new Promise<void>((resolve) => (release = resolve));
      finished.push(run.id);
    });
    const runner = await start(handler);
    await runner.add({ handler: 'slow', id: 'in-flight', data: {} });
    await eventually('one run', () => runs.length === 1);
    const stopped = runner.stop();
    setTimeout(() => release(), 300);
    await stopped;
    expect(finished).toEqual(['in-flight']);
    await runner.add({ handler: 'slow', id: 'after-stop', data: {} });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toHaveLength(1);
  });

  it('keeps a job added before a restart and runs it after', async () => {
    const before = await open();
    opened.push(before);
    await before.add({ handler: 'durable', id: 'kept', data: { kept: true } });
    await before.close();
    const { handler, runs } = recorder('durable');
    await start(handler);
    await eventually('the job kept', () => runs.length === 1);
    expect(runs[0].data).toEqual({ kept: true });
  });

  it('runs a schedule every everyMs', async () => {
    const runner = await start();
    let runs = 0;
    await runner.startSchedules([{ name: 'tick', everyMs: 200, run: async () => void (runs += 1) }]);
    await eventually('three rounds', () => runs >= 3, { timeoutMs: 3_000 });
    await runner.stopSchedules();
  });
}

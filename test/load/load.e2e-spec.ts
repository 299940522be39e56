import { LoadResult, runLoad } from './load-run';

/**
 * The bounded form of `npm run load` (load-run.ts): 20 people for 15 s against the built API and worker, the API
 * SIGKILLed and restarted once. What must hold after faults is asserted; how fast is for `npm run load` to print.
 */
describe('load with a fault: 20 people for 15 s, the API killed once', () => {
  let result: LoadResult;

  beforeAll(async () => {
    result = await runLoad({ people: 20, seconds: 15, kills: 1, thinkMs: 1000 });
  }, 240_000);

  it('ran the workload across the kill: commands acknowledged before it and after the restart', () => {
    expect(result.restarts).toHaveLength(1);
    expect(result.acknowledged).toBeGreaterThan(0);
    const routes = result.routes.map((route) => route.route);
    // What people do first: a contributor with nothing yet submits, the public with nothing found searches.
    expect(routes).toEqual(expect.arrayContaining(['POST /practices', 'GET /catalogue']));
    expect(result.acknowledgedAfterRestart).toBeGreaterThan(0);
  });

  it('lost no acknowledged command: each is in the log at the position it was answered with', () => {
    expect(result.lost).toEqual([]);
  });

  it('answered no 5xx outside the restart window', () => {
    expect(result.fiveHundredsOutside).toEqual([]);
  });

  it('kept views equal to a fresh rebuild of the log', () => {
    expect(result.viewsDiffer).toBeUndefined();
  });

  it('keeps a log whose hash chains and latest signed checkpoint verify', () => {
    expect(result.verify).toMatchObject({ ok: true, checkpoint: { treeSize: expect.any(Number) } });
    expect(result.verify.eventsChecked).toBe(result.events);
  });

  it('stopped every process cleanly at the end', () => {
    expect(result.exitCodes).toEqual({ generator: 0, worker: 0, api: 0 });
  });
});

import { FixedClock } from '@app/application';
import { periodSpan, quarterOf } from '@app/domain';
import { ProjectionRunner } from '@app/read-models';
import { DueCommandScheduler } from '../apps/api/src/scheduling/due-command-scheduler';
import { enrolSeatedNetworks, eventuallyAppended, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-scheduler-test-0123456789';
const DAY_MS = 86_400_000;
const content = {
  title: 'Winter service route optimisation',
  summary: 'Fewer gritter miles for the same coverage.',
  body: 'Details.',
  themes: ['winter-service'],
  authorities: [],
  links: [],
  attachments: [],
  contact: { name: 'Sal Grit', email: 'sal@example.org' },
};

/**
 * What time calls for: motions lapse at their closing time, and lazy consensus approves unopposed material once the
 * policy's days have passed, by commands the scheduler issues and the deciders check. The API's clock is a
 * FixedClock that the test moves on, and the test runs the scheduler's rounds itself: so "nothing was issued" is
 * said only after a round has run.
 */
describe('scheduled commands', () => {
  const clock = new FixedClock(new Date());
  let api: RunningApi;
  const tokens: Record<string, string> = {};
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api.call(method, path, token, body);

  const types = async (stream: string) => (await api.store.readStream(stream)).map((event) => event.type);
  const recorded = async (stream: string, type: string) =>
    (await api.store.readStream(stream)).find((event) => event.type === type);

  /** One round of the scheduler, once the views it reads have seen every write so far. */
  async function schedulerRuns(): Promise<void> {
    expect(await api.app.get(ProjectionRunner).waitFor(await api.store.headPosition())).toBe(true);
    await api.app.get(DueCommandScheduler).runDue();
  }
  const readAfterWrites = async (path: string) =>
    (await call('GET', `${path}?minPosition=${await api.store.headPosition()}`, tokens.b)).body;

  async function submit(token: string): Promise<string> {
    const submitted = await call('POST', '/practices', token, content);
    expect(submitted.status).toBe(201);
    return submitted.body.practiceId;
  }
  const review = (practiceId: string, token: string, verdict: string) =>
    call('POST', `/practices/${practiceId}/reviews`, token, { round: 1, verdict, comment: '' });

  beforeAll(async () => {
    // An interval no test outlasts: the rounds below are the only ones.
    api = await startApi(
      'scheduler',
      { BOOTSTRAP_TOKEN: FACILITATOR, SCHEDULER_INTERVAL_MS: String(3_600_000) },
      { clock },
    );
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    for (const [networkId, { token }] of Object.entries(coordinators)) tokens[networkId] = token;
  });
  afterAll(() => api.close());

  it('a motion without a majority stays open until its closing time, then lapses', async () => {
    const proposed = await call('POST', '/motions', tokens.a, {
      kind: 'set-priorities',
      payload: { period: '2027', themes: ['drainage'] },
      closesAt: new Date(clock.now().getTime() + DAY_MS).toISOString(),
    });
    const { motionId } = proposed.body;
    await call('POST', `/motions/${motionId}/votes`, tokens.a, { vote: 'for' });
    await schedulerRuns();
    expect(await types(`motion-${motionId}`)).toEqual(['MotionProposed', 'VoteCast']);
    expect((await readAfterWrites(`/motions/${motionId}`)).status).toBe('open');

    clock.advanceDays(2);
    await schedulerRuns();
    const lapsed = await recorded(`motion-${motionId}`, 'MotionLapsed');
    expect(lapsed?.data).toEqual({ motionId, votesFor: ['a'], filledSeats: 3 });
    // No person issued it: the log says so, and which scheduled command it was.
    expect(lapsed?.metadata).toMatchObject({ actor: null, commandId: `scheduled:close-motion:${motionId}` });
    expect((await readAfterWrites(`/motions/${motionId}`)).status).toBe('lapsed');
    // A later round does not close it twice.
    await schedulerRuns();
    expect(await types(`motion-${motionId}`)).toEqual(['MotionProposed', 'VoteCast', 'MotionLapsed']);
  });

  it('lazy consensus approves unopposed material once the policy days have passed, and only that', async () => {
    // Without lazy consensus in the policy, an unopposed round waits for its quorum however old it is.
    const early = await submit(tokens.c);
    expect((await review(early, tokens.a, 'approve')).status).toBe(201);
    clock.advanceDays(30);
    await schedulerRuns();
    expect(await types(`practice-${early}`)).toEqual(['PracticeSubmitted', 'ReviewRecorded']);

    const policy = await call('POST', '/motions', tokens.a, {
      kind: 'change-approval-policy',
      payload: { quorum: 2, reviewWindowDays: 14, lazyConsensusDays: 7 },
      closesAt: new Date(clock.now().getTime() + DAY_MS).toISOString(),
    });
    await call('POST', `/motions/${policy.body.motionId}/votes`, tokens.a, { vote: 'for' });
    await call('POST', `/motions/${policy.body.motionId}/votes`, tokens.b, { vote: 'for' });
    // The carried motion's decision is applied by a policy, a moment after the vote.
    await eventuallyAppended(api.store, 'steering-group', 'ApprovalPolicyChanged');

    // The early round has been open 30 days with one approval: it is concluded now the policy allows it.
    await schedulerRuns();
    const approvedEarly = await recorded(`practice-${early}`, 'PracticeApproved');
    expect(approvedEarly?.data).toMatchObject({ approvedBy: 'lazy-consensus', approvals: ['a'], round: 1 });

    const unopposed = await submit(tokens.c);
    const opposed = await submit(tokens.c);
    const unreviewed = await submit(tokens.c);
    await review(unopposed, tokens.a, 'approve');
    await review(opposed, tokens.a, 'approve');
    await review(opposed, tokens.b, 'request_changes');
    clock.advanceDays(6);
    await schedulerRuns();
    expect(await types(`practice-${unopposed}`)).toEqual(['PracticeSubmitted', 'ReviewRecorded']);

    clock.advanceDays(2);
    await schedulerRuns();
    const approved = await recorded(`practice-${unopposed}`, 'PracticeApproved');
    expect(approved?.data).toMatchObject({
      approvedBy: 'lazy-consensus',
      approvals: ['a'],
      policyVersion: 2,
    });
    expect(approved?.metadata).toMatchObject({ actor: null });
    expect((await readAfterWrites(`/practices/${unopposed}`)).state).toBe('approved');
    expect(await types(`practice-${opposed}`)).toEqual([
      'PracticeSubmitted',
      'ReviewRecorded',
      'ReviewRecorded',
      'ChangesRequested',
    ]);
    expect(await types(`practice-${unreviewed}`)).toEqual(['PracticeSubmitted']);
  });

  // Last: it moves the clock into the next quarter.
  it("issues a quarter's progress report once the quarter has closed, and once only", async () => {
    const quarters = async () =>
      (await api.store.readStream('reports').catch(() => [])).map(
        ({ data }) => (data as { quarter: string }).quarter,
      );
    // The clock has moved on in the tests above: earlier quarters of this log may have been issued already.
    const quarter = quarterOf(clock.now());
    await schedulerRuns();
    const before = await quarters();
    expect(before).not.toContain(quarter);
    expect((await call('GET', `/reports/progress?quarter=${quarter}`, tokens.a)).body.status).toBe(
      'provisional',
    );

    clock.set(new Date(Date.parse(periodSpan(quarter)!.to) + DAY_MS));
    await schedulerRuns();
    await schedulerRuns();
    // (Served as issued is test/reports.e2e-spec's; the tokens here have expired by now.)
    expect(await quarters()).toEqual([...before, quarter]);
  });
});

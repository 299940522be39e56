import { RecordedEvent } from '@app/event-store';
import { enrolSeatedNetworks, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-concurrency-test-0123456789';
const REVIEWERS = Array.from({ length: 20 }, (_, i) => `r${String(i + 1).padStart(2, '0')}`);
const content = {
  title: 'Joint street lighting LED retrofit',
  summary: 'Twenty authorities, one framework.',
  body: 'Details.',
  themes: ['street-lighting'],
  authorities: [],
  links: [],
  attachments: [],
  contact: { name: 'Lux Bright', email: 'lux@example.org' },
};
type Data = Record<string, unknown>;

/**
 * Twenty seat holders acting on one item or one motion at the same moment, over HTTP: whatever interleaving the
 * server sees, the end state is one the rules allow, and every command that was acknowledged is in the log.
 */
describe('concurrent reviews and votes', () => {
  let api: RunningApi;
  let owner: string;
  const seats: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi('concurrency', { BOOTSTRAP_TOKEN: FACILITATOR });
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['owner', ...REVIEWERS]);
    owner = coordinators.owner.token;
    for (const id of REVIEWERS) seats[id] = coordinators[id].token;
  }, 60_000);
  afterAll(() => api.close());

  const events = async (stream: string): Promise<RecordedEvent[]> => api.store.readStream(stream);
  const ofType = (all: RecordedEvent[], type: string) => all.filter((event) => event.type === type);

  async function submit(): Promise<string> {
    const submitted = await api.call('POST', '/practices', owner, content);
    expect(submitted.status).toBe(201);
    return submitted.body.practiceId;
  }

  /** Every answer is an acknowledgement or a clear refusal; never a server error. */
  function expectOnlyAllowedStatuses(statuses: number[], ok: number) {
    for (const status of statuses) expect([ok, 409, 422]).toContain(status);
  }

  it('20 approvals at once: approved exactly once, each acknowledged review in the log, one per network', async () => {
    const practiceId = await submit();
    const answers = await Promise.all(
      REVIEWERS.map((id) =>
        api.call('POST', `/practices/${practiceId}/reviews`, seats[id], {
          round: 1,
          verdict: 'approve',
          comment: `Approved by ${id}`,
        }),
      ),
    );
    expectOnlyAllowedStatuses(
      answers.map((answer) => answer.status),
      201,
    );
    const acknowledged = REVIEWERS.filter((_, i) => answers[i].status === 201);
    const log = await events(`practice-${practiceId}`);
    const reviews = ofType(log, 'ReviewRecorded').map((event) => (event.data as Data).networkId);
    expect([...reviews].sort()).toEqual(acknowledged);
    expect(new Set(reviews).size).toBe(reviews.length);
    const approved = ofType(log, 'PracticeApproved');
    expect(approved).toHaveLength(1);
    // Approved as soon as the quorum (2) was reached; a review after that is refused, not recorded.
    expect(reviews).toHaveLength(2);
    expect((approved[0].data as Data).approvals).toEqual(reviews);
    expect(log.at(-1)!.type).toBe('PracticeApproved');
  });

  it('10 approvals and 10 rejections at once: exactly one outcome, agreeing with the reviews recorded', async () => {
    const practiceId = await submit();
    const answers = await Promise.all(
      REVIEWERS.map((id, i) =>
        api.call('POST', `/practices/${practiceId}/reviews`, seats[id], {
          round: 1,
          verdict: i % 2 === 0 ? 'approve' : 'reject',
          comment: '',
        }),
      ),
    );
    expectOnlyAllowedStatuses(
      answers.map((answer) => answer.status),
      201,
    );
    const log = await events(`practice-${practiceId}`);
    const reviews = ofType(log, 'ReviewRecorded').map((event) => event.data as Data);
    expect(reviews).toHaveLength(answers.filter((answer) => answer.status === 201).length);
    const outcomes = log.filter((event) => ['PracticeApproved', 'PracticeRejected'].includes(event.type));
    expect(outcomes).toHaveLength(1);
    const verdict = outcomes[0].type === 'PracticeApproved' ? 'approve' : 'reject';
    expect(reviews.filter((review) => review.verdict === verdict)).toHaveLength(2);
    expect(reviews.filter((review) => review.verdict !== verdict).length).toBeLessThan(2);
  });

  it('20 votes at once: carried exactly once by a majority of the 21 filled seats, every acknowledged vote logged', async () => {
    const proposed = await api.call('POST', '/motions', owner, {
      kind: 'set-priorities',
      payload: { period: '2027', themes: ['street-lighting'] },
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const { motionId } = proposed.body;
    const answers = await Promise.all(
      REVIEWERS.map((id) => api.call('POST', `/motions/${motionId}/votes`, seats[id], { vote: 'for' })),
    );
    expectOnlyAllowedStatuses(
      answers.map((answer) => answer.status),
      200,
    );
    const log = await events(`motion-${motionId}`);
    const votes = ofType(log, 'VoteCast').map((event) => (event.data as Data).networkId);
    expect([...votes].sort()).toEqual(REVIEWERS.filter((_, i) => answers[i].status === 200));
    const carried = ofType(log, 'MotionCarried');
    expect(carried).toHaveLength(1);
    // 21 filled seats: carried by the vote that made 11 for, and no vote is taken after it.
    expect((carried[0].data as Data).filledSeats).toBe(21);
    expect(votes).toHaveLength(11);
    expect(log.at(-1)!.type).toBe('MotionCarried');
  });
});

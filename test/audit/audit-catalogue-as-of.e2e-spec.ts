import { readdirSync } from 'node:fs';
import { FixedClock } from '@app/application';
import { enrolSeatedNetworks, RunningApi, startApi } from '../support/running-api';
import { PracticeSteps, SEATS } from './practice-steps';

const FACILITATOR = 'facilitator-token-for-the-audit-as-of-test-01234567';
/** The live catalogue's searches captured at each point: the plain listing, words, a facet, a second page. */
const SEARCHES = ['', 'q=gritting', 'theme=drainage', 'pageSize=1&page=2&sort=title'];

interface Captured {
  step: string;
  position: number;
  time: string;
  answers: Record<string, unknown>;
}

/**
 * The catalogue as it stood: the live `/catalogue` captured after each step of a scenario equals `/audit/catalogue`
 * asked afterwards for that position, and for that time. No field of a catalogue page depends on the time of the
 * request, so the answers are compared whole.
 */
describe('the catalogue as of a position or a time', () => {
  let api: RunningApi;
  let auditor: string;
  const clock = new FixedClock(new Date('2026-11-30T09:00:00.000Z'));
  const captured: Captured[] = [];

  async function capture(step: string, steps: PracticeSteps): Promise<void> {
    const answers: Record<string, unknown> = {};
    for (const search of SEARCHES) {
      const response = await api.call('GET', `/catalogue?${search}&minPosition=${steps.position}`);
      expect(response.status).toBe(200);
      answers[search] = response.body;
    }
    captured.push({ step, position: steps.position, time: clock.now().toISOString(), answers });
    // The next step's events come a minute later, so a time names this point alone.
    clock.set(new Date(clock.now().getTime() + 60_000));
  }

  beforeAll(async () => {
    api = await startApi(
      'audit-as-of',
      { BOOTSTRAP_TOKEN: FACILITATOR, RATE_LIMIT_PER_MINUTE: '100000' },
      { clock },
    );
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, SEATS);
    auditor = coordinators.a.token;
    const steps = new PracticeSteps(
      api,
      Object.fromEntries(Object.entries(coordinators).map(([id, { token }]) => [id, token])),
    );
    await capture('networks enrolled, nothing published', steps);
    const routes = await steps.published('a', 'Gritting routes re-planned');
    await capture('one item published', steps);
    const barn = await steps.submit('b', 'Salt barn shared', { themes: ['drainage', 'collaboration'] });
    await steps.approve(barn, 'b');
    await capture('a second item approved, not published', steps);
    await steps.publish(barn, 'b');
    await capture('the second item published', steps);
    await steps.revise(routes, 'a', 'Gritting routes, second edition', 1);
    await capture('the first item revised, its revision in review', steps);
    await steps.approve(routes, 'a', 2);
    await steps.publish(routes, 'a');
    await capture('the revision published', steps);
    await steps.withdraw(barn, 'b');
    await capture('the second item withdrawn', steps);
    await steps.published('c', 'Gully cleansing by risk', { themes: ['drainage'], authorities: ['kent'] });
    await capture('a third item published', steps);
  }, 60_000);
  afterAll(() => api.close());

  const asOf = async (point: string, search: string) => {
    const response = await api.call('GET', `/audit/catalogue?${point}${search ? `&${search}` : ''}`, auditor);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('the captures saw the catalogue change', () => {
    const totals = captured.map(({ answers }) => (answers[''] as { total: number }).total);
    expect(totals).toEqual([0, 1, 1, 2, 2, 2, 1, 2]);
  });

  it('answers, for each position, what the live catalogue answered then', async () => {
    for (const { step, position, answers } of captured)
      for (const search of SEARCHES)
        expect({ step, search, answer: await asOf(`asOfPosition=${position}`, search) }).toEqual({
          step,
          search,
          answer: answers[search],
        });
  });

  it('answers, for each time, what the live catalogue answered then', async () => {
    for (const { step, time, answers } of captured)
      expect({ step, answer: await asOf(`asOfTime=${time}`, '') }).toEqual({ step, answer: answers[''] });
  });

  it('leaves no replay file behind', () => {
    expect(readdirSync(api.dataDir).filter((name) => name.startsWith('catalogue-as-of-'))).toEqual([]);
  });
});

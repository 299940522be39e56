import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  initialModel,
  type Model,
  modelStep,
  type NetworkId,
  refused,
  resolve,
  type Step,
  summariseModel,
  type Summary,
  world,
  type World,
} from '@app/domain/model/workflow.model';
import { CURRENT_PRINCIPLES } from '@app/reference-data';
import { eventually } from '../support/eventually';
import {
  ApiResponse,
  enrolNetwork,
  enrolSeatedNetworks,
  RunningApi,
  startApi,
  succeeds,
} from '../support/running-api';
import { practiceContent } from '../fixtures/practice-content';

/**
 * The practice workflow's reference model (libs/domain/src/model/workflow.model.ts) against the HTTP API: the same
 * random worlds and steps as the decider's model-based test, sent as requests to one running API, each run on
 * networks and an item of its own; after every step both must accept (2xx) or both refuse (4xx), and the workflow
 * view must summarise as the model does. Shrinks on failure. `FC_RUNS_HTTP` sets the run count (12 here;
 * `npm run test:model` runs 1,000), spread over the policy quorums 1 to 4, each set by a carried motion first.
 *
 * What HTTP cannot give a run is mapped, the same for both sides: seats are the scheme's, so a run's networks leave
 * at its end (vacating their seats) and no other seat is filled while it runs; adopting the principles is a
 * network's, so a "not-adopted" person is a contributor of a network that never adopted them, and acts as a
 * contributor of the step's network on anything but a submission; an inactive ("suspended") network's member is
 * one of a network that left; a submission makes a new item over HTTP, so a run sends only its first.
 */
const RUNS = Number(process.env.FC_RUNS_HTTP ?? 12);
const QUORUMS = [1, 2, 3, 4];
const RUNS_PER_QUORUM = Math.ceil(RUNS / QUORUMS.length);
const FACILITATOR = 'facilitator-token-for-the-model-http-test-0123456789';
const DAY_MS = 86_400_000;

let api: RunningApi;
let runs = 0;
/** Tokens of people whose networks no run changes: one that left the scheme, one that never adopted the principles. */
let inactiveMember: string;
let notAdoptedMember: string;
/** Every accepted step's status, to show the runs reach the workflow's states. */
const reached = new Set<string>();

const content = (title: string) => practiceContent({ title });

/** Claim links are found by reading every mail in the outbox: it is emptied after each run so that stays cheap. */
function emptyOutbox() {
  const outbox = join(api.dataDir, 'outbox');
  if (!existsSync(outbox)) return;
  for (const file of readdirSync(outbox)) rmSync(join(outbox, file), { force: true });
}

/** One run's networks and people on the API, made as the steps first need them. */
class HttpRun {
  private readonly networks = new Map<NetworkId, { networkId: string; token: string; personId: string }>();
  private readonly people = new Map<string, string>();
  private practiceId?: string;

  constructor(
    private readonly world: World,
    private readonly run: number,
  ) {}

  /** The seated networks exist from the start, so the quorum is capped by their number from the first step. */
  async setUp() {
    for (const network of this.world.seated) await this.network(network);
  }

  async tearDown() {
    for (const { networkId, token } of this.networks.values())
      await succeeds(api.call('POST', `/networks/${networkId}/leave`, token, { reason: 'run over' }), 200);
    emptyOutbox();
  }

  private async network(network: NetworkId) {
    const known = this.networks.get(network);
    if (known) return known;
    const networkId = `m${this.run}-${network}`;
    const { token, personId } = await enrolNetwork(api, FACILITATOR, networkId);
    await succeeds(
      api.call('POST', `/networks/${networkId}/principles`, token, {
        principlesVersion: CURRENT_PRINCIPLES.version,
      }),
      200,
    );
    if (this.world.seated.includes(network))
      await succeeds(api.call('PUT', `/networks/${networkId}/representative`, token, { personId }), 200);
    const made = { networkId, token, personId };
    this.networks.set(network, made);
    return made;
  }

  /** A contributor of `network`, or one who was and has been removed. */
  private async member(network: NetworkId, removed: boolean) {
    const key = `${network}-${removed}`;
    const known = this.people.get(key);
    if (known) return known;
    const { networkId, token } = await this.network(network);
    const { personId } = (
      await succeeds(
        api.call('POST', `/networks/${networkId}/members`, token, {
          name: `Member ${key}`,
          email: `${key}@${networkId}.example.org`,
          roles: ['contributor'],
        }),
      )
    ).body;
    const issued = await succeeds(
      api.call('POST', `/networks/${networkId}/members/${personId}/tokens`, token, {}),
    );
    if (removed) await succeeds(api.call('DELETE', `/networks/${networkId}/members/${personId}`, token), 200);
    this.people.set(key, issued.body.token);
    return issued.body.token as string;
  }

  private async tokenOf({ who, network }: Step): Promise<string> {
    switch (who) {
      case 'seat':
        // The network's coordinator holds its seat where it has one; elsewhere a contributor like any other.
        return (await this.network(network)).token;
      case 'contributor':
        return this.member(network, false);
      case 'former-member':
        return this.member(network, true);
      case 'suspended':
        return inactiveMember;
      case 'not-adopted':
        return notAdoptedMember;
    }
  }

  /** The step as a request: whether the API accepted it (2xx) or refused it (4xx); anything else is a defect. */
  async step(step: Step, model: Model): Promise<boolean> {
    const token = await this.tokenOf(step);
    // Before there is an item, commands on it name one that does not exist.
    const item = `/practices/${this.practiceId ?? randomUUID()}`;
    const send = (path: string, body?: unknown) => api.call('POST', path, token, body);
    let answer: ApiResponse;
    switch (step.command) {
      case 'submit':
        answer = await send('/practices', content('Version 1'));
        if (answer.status === 201) this.practiceId = answer.body.practiceId;
        break;
      case 'review':
        answer = await send(`${item}/reviews`, {
          round: model.round + step.offset,
          verdict: step.verdict,
          comment: 'Reviewed',
        });
        break;
      case 'revise':
        answer = await send(`${item}/revisions`, {
          ...content(`Version ${model.version + 1}`),
          basedOnVersion: model.version + step.offset,
        });
        break;
      case 'publish':
        answer = await send(`${item}/publish`);
        break;
      case 'withdraw':
        answer = await send(`${item}/withdraw`, { reason: 'No longer current' });
        break;
    }
    if (answer.status >= 200 && answer.status < 300) return true;
    if (answer.status >= 400 && answer.status < 500) return false;
    throw new Error(`${step.command} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }

  /** The workflow view (GET /practices/{id}) in the model's terms. */
  async summary(): Promise<Summary> {
    if (!this.practiceId) return summariseModel(initialModel());
    const view = (await succeeds(api.call('GET', `/practices/${this.practiceId}`, FACILITATOR), 200)).body;
    const named = (networkId: string) =>
      [...this.networks.entries()].find(([, made]) => made.networkId === networkId)?.[0] ?? networkId;
    return {
      status: view.state,
      owner: named(view.networkId),
      version: view.version,
      round: view.round,
      publishedVersion: view.publishedVersion ?? undefined,
      reviewers: Object.keys(view.reviews).map(named).sort(),
    };
  }
}

/** A "not-adopted" person is one only when submitting: see above. */
const asHttpCan = (step: Step): Step =>
  step.who === 'not-adopted' && step.command !== 'submit' ? { ...step, who: 'contributor' } : step;

async function agrees(w: World): Promise<void> {
  const run = new HttpRun(w, ++runs);
  try {
    await run.setUp();
    let model = initialModel();
    for (const [index, generated] of w.steps.entries()) {
      if (generated.command === 'submit' && model.status !== 'none') continue;
      const s = asHttpCan(resolve(generated, model.owner, w.seated));
      const expected = modelStep(w, model, s);
      const accepted = await run.step(s, model);
      const where = `step ${index} ${JSON.stringify(s)} from ${JSON.stringify(summariseModel(model))}`;
      expect({ where, accepted }).toEqual({ where, accepted: expected !== refused });
      if (expected !== refused) model = expected;
      expect({ where, state: await run.summary() }).toEqual({ where, state: summariseModel(model) });
      if (accepted) reached.add(model.status);
    }
  } finally {
    await run.tearDown();
  }
}

/** The approval policy's quorum, changed by a motion of a network seated for that alone, which then leaves. */
async function setQuorum(quorum: number) {
  const networkId = `policy-${quorum}`;
  const { token } = (await enrolSeatedNetworks(api, FACILITATOR, [networkId]))[networkId];
  const proposed = await succeeds(
    api.call('POST', '/motions', token, {
      kind: 'change-approval-policy',
      payload: { quorum, reviewWindowDays: 14 },
      closesAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
    }),
  );
  await succeeds(api.call('POST', `/motions/${proposed.body.motionId}/votes`, token, { vote: 'for' }), 200);
  await eventually(`the approval policy's quorum to become ${quorum}`, async () => {
    const changes = (await api.store.readStream('steering-group')).filter(
      (event) => event.type === 'ApprovalPolicyChanged',
    );
    return (changes.at(-1)?.data as { quorum?: number } | undefined)?.quorum === quorum;
  });
  await succeeds(api.call('POST', `/networks/${networkId}/leave`, token, { reason: 'policy set' }), 200);
}

describe('practice workflow over HTTP, against the reference model of the rules', () => {
  beforeAll(async () => {
    // Every run claims its networks' first tokens: a public write, budgeted per address unless lifted.
    api = await startApi('model-http', {
      BOOTSTRAP_TOKEN: FACILITATOR,
      RATE_LIMIT_PER_MINUTE: '1000000000',
      PUBLIC_WRITES_PER_HOUR: '1000000000',
    });
    const left = await enrolNetwork(api, FACILITATOR, 'left-the-scheme');
    await succeeds(api.call('POST', '/networks/left-the-scheme/leave', left.token, { reason: 'gone' }), 200);
    inactiveMember = left.token;
    notAdoptedMember = (await enrolNetwork(api, FACILITATOR, 'not-adopted')).token;
    emptyOutbox();
  });
  afterAll(() => api?.close());

  for (const quorum of QUORUMS)
    it(
      `agrees on every step of random command sequences at quorum ${quorum} (${RUNS_PER_QUORUM} runs)`,
      async () => {
        await setQuorum(quorum);
        await fc.assert(
          fc.asyncProperty(
            world.map((w) => ({ ...w, quorum })),
            agrees,
          ),
          { numRuns: RUNS_PER_QUORUM },
        );
      },
      60_000 + RUNS_PER_QUORUM * 10_000,
    );

  it('reached the workflow beyond refusals', () => {
    console.log(
      `HTTP model runs: ${runs} (shrinking included); states reached: ${[...reached].sort().join(', ')}`,
    );
    expect(reached).toContain('submitted');
  });
});

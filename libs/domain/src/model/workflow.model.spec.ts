import fc from 'fast-check';
import { DomainError } from '../shared/errors';
import { anActor } from '../testing/actors';
import type { Actor } from '../shared/actor';
import type { PracticeCommand, PracticeContent, PracticeContext } from '../practice/practice.commands';
import type { PracticeEvent } from '../practice/practice.events';
import { practiceDecider, type PracticeState } from '../practice/practice.decider';
import type { MotionCommand, MotionContext, Vote } from '../motion/motion.commands';
import type { MotionEvent } from '../motion/motion.events';
import { motionDecider, type MotionState } from '../motion/motion.decider';
import {
  as,
  type As,
  initialModel,
  type Model,
  modelStep,
  network,
  NETWORKS,
  type NetworkId,
  refused,
  resolve,
  type Step,
  summariseModel,
  type Summary,
  world,
  type World,
} from './workflow.model';

/**
 * Model-based test of the practice review workflow and of motions: random command sequences run against the real
 * deciders and against a small reference model written from the rules in DESIGN.md §3 (Practice material, Steering
 * Group and motions) and §5 (authorization per network), not from the deciders (the workflow's in
 * workflow.model.ts, shared with the HTTP suite). After every step both must accept or both refuse, and
 * their states must summarise alike. `FC_RUNS` sets the run count (`npm run test:model` runs thousands).
 */
const RUNS = Number(process.env.FC_RUNS ?? 200);
const PRACTICE_ID = 'practice-1';
const NOW = new Date('2026-11-23T10:00:00Z');

// ---- the real decider ----------------------------------------------------------------------------------------

function actorFor(world: World, step: Step): Actor {
  const base = { personId: `${step.network}-${step.who}`, networkId: step.network };
  switch (step.who) {
    case 'contributor':
      return anActor(base);
    case 'former-member':
      return anActor({ ...base, roles: [] });
    case 'suspended':
      return anActor({ ...base, networkActive: false });
    case 'not-adopted':
      return anActor({ ...base, principlesAdopted: false });
    case 'seat':
      // Only a seated network's representative holds a seat; elsewhere this is a plain contributor.
      return anActor({ ...base, seat: world.seated.includes(step.network) });
  }
}

const content = (version: number): PracticeContent => ({
  title: `Version ${version}`,
  summary: 'A practice',
  body: 'Body',
  themes: ['winter-service'],
  authorities: [],
  links: [],
  attachments: [],
  contact: { name: 'Ann Example', email: 'ann@example.org' },
});

function commandFor(step: Step, state: PracticeState): PracticeCommand {
  switch (step.command) {
    case 'submit':
      return { type: 'SubmitPractice', practiceId: PRACTICE_ID, contactId: 'contact-1', content: content(1) };
    case 'review':
      return {
        type: 'ReviewPractice',
        practiceId: PRACTICE_ID,
        round: state.round + step.offset,
        verdict: step.verdict,
        comment: 'Reviewed',
      };
    case 'revise':
      return {
        type: 'RevisePractice',
        practiceId: PRACTICE_ID,
        contactId: `contact-${state.version + 1}`,
        basedOnVersion: state.version + step.offset,
        content: content(state.version + 1),
      };
    case 'publish':
      return { type: 'PublishPractice', practiceId: PRACTICE_ID };
    case 'withdraw':
      return { type: 'WithdrawPractice', practiceId: PRACTICE_ID, reason: 'No longer current' };
  }
}

function realStep(world: World, state: PracticeState, step: Step): PracticeState | typeof refused {
  const context: PracticeContext = {
    now: NOW,
    actor: actorFor(world, step),
    policy: { version: 1, quorum: world.quorum, reviewWindowDays: 14, updateIntervalDays: 90 },
    seatedNetworks: [...world.seated],
    ownerPublishesOnApproval: false,
  };
  let events: PracticeEvent[];
  try {
    events = practiceDecider.decide(commandFor(step, state), state, context);
  } catch (error) {
    // Only the typed refusals of the rules count as a refusal; anything else is a defect.
    if (error instanceof DomainError) return refused;
    throw error;
  }
  return events.reduce(practiceDecider.evolve, state);
}

function summariseReal(state: PracticeState): Summary {
  return {
    status: state.status,
    owner: state.networkId,
    version: state.version,
    round: state.round,
    publishedVersion: state.publishedVersion,
    reviewers: Object.keys(state.reviews).sort(),
  };
}

describe('practice workflow, decider against a reference model of the rules', () => {
  it(`agrees on every step of random command sequences (${RUNS} runs)`, () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(world, (w) => {
        let model: Model = initialModel();
        let state = practiceDecider.initialState;
        w.steps.forEach((generated, index) => {
          // Resolved from the decider's state: both sides see the same owner while they agree, as checked below.
          const s = resolve(generated, state.networkId, w.seated);
          const expected = modelStep(w, model, s);
          const actual = realStep(w, state, s);
          const where = `step ${index} ${JSON.stringify(s)} from ${JSON.stringify(summariseModel(model))}`;
          expect({ where, accepted: actual !== refused }).toEqual({ where, accepted: expected !== refused });
          if (expected !== refused && actual !== refused) {
            model = expected;
            state = actual;
          }
          expect({ where, state: summariseReal(state) }).toEqual({ where, state: summariseModel(model) });
          reached.add(state.status);
          if (state.round > 1) reached.add(`${state.status} after revision`);
        });
      }),
      { numRuns: RUNS },
    );
    // The sequences reach every state of the workflow, so agreement is not only about refusals.
    const statuses = [
      'approved',
      'changes_requested',
      'in_review',
      'published',
      'rejected',
      'submitted',
      'withdrawn',
    ];
    const wanted = [...statuses, 'approved after revision'];
    expect(wanted.filter((status) => !reached.has(status))).toEqual([]);
  });
});

// ---- motions -------------------------------------------------------------------------------------------------

/**
 * §3 Steering Group and motions: a seat holder proposes; one vote per seat, changeable until the motion closes;
 * carried once votes for exceed half of the filled seats; closed past `closesAt` without a majority, it lapses.
 * Seats are filled and vacated between steps, and the clock moves on a day at a time.
 */
interface MotionStep {
  command: 'propose' | 'vote' | 'close' | 'wait' | 'toggle-seat';
  network: NetworkId;
  /** Whether the person holds their network's seat (when it is filled), or is a plain member. */
  seatHolder: boolean;
  as: As;
  vote: Vote;
  closesInDays: number;
}
interface MotionWorld {
  seated: NetworkId[];
  steps: MotionStep[];
}
interface MotionModel {
  status: 'none' | 'open' | 'carried' | 'lapsed';
  closesAt?: number;
  votes: Map<NetworkId, Vote>;
}
interface MotionSummary {
  status: string;
  closesAt?: number;
  votes: Array<[string, Vote]>;
}

const MOTION_ID = 'motion-1';
const DAY = 24 * 60 * 60 * 1000;

function majority(votes: Map<NetworkId, Vote>, seated: NetworkId[]): boolean {
  return seated.filter((seat) => votes.get(seat) === 'for').length * 2 > seated.length;
}

function motionModelStep(model: MotionModel, step: MotionStep, seated: NetworkId[], now: number) {
  const holdsSeat = step.seatHolder && seated.includes(step.network);
  switch (step.command) {
    case 'propose':
      if (model.status !== 'none' || !holdsSeat || step.closesInDays < 1) return refused;
      return { status: 'open' as const, closesAt: now + step.closesInDays * DAY, votes: new Map() };
    case 'vote': {
      if (model.status !== 'open' || !holdsSeat || now >= model.closesAt!) return refused;
      const votes = new Map(model.votes).set(step.network, step.vote);
      return { ...model, votes, status: majority(votes, seated) ? ('carried' as const) : ('open' as const) };
    }
    case 'close':
      if (model.status !== 'open' || now < model.closesAt!) return refused;
      return { ...model, status: majority(model.votes, seated) ? ('carried' as const) : ('lapsed' as const) };
    default:
      throw new Error(`${step.command} is not a motion command`);
  }
}

function motionCommandFor(step: MotionStep, now: number): MotionCommand {
  switch (step.command) {
    case 'propose':
      return {
        type: 'ProposeMotion',
        motionId: MOTION_ID,
        closesAt: new Date(now + step.closesInDays * DAY).toISOString(),
        kind: 'set-priorities',
        payload: { period: '2026-Q4', themes: ['winter-service'] },
      };
    case 'vote':
      return { type: 'CastVote', motionId: MOTION_ID, vote: step.vote };
    default:
      return { type: 'CloseMotion', motionId: MOTION_ID };
  }
}

function motionRealStep(state: MotionState, step: MotionStep, seated: NetworkId[], now: number) {
  const context: MotionContext = {
    now: new Date(now),
    // The scheduler closes motions; no person issues CloseMotion.
    actor:
      step.command === 'close'
        ? undefined
        : anActor({
            personId: `${step.network}-${step.seatHolder ? 'rep' : 'member'}`,
            networkId: step.network,
            seat: step.seatHolder && seated.includes(step.network),
          }),
    filledSeats: [...seated],
  };
  let events: MotionEvent[];
  try {
    events = motionDecider.decide(motionCommandFor(step, now), state, context);
  } catch (error) {
    if (error instanceof DomainError) return refused;
    throw error;
  }
  return events.reduce(motionDecider.evolve, state);
}

const summariseMotionModel = (model: MotionModel): MotionSummary => ({
  status: model.status,
  closesAt: model.closesAt,
  votes: [...model.votes.entries()].sort(),
});
const summariseMotion = (state: MotionState): MotionSummary => ({
  status: state.status,
  closesAt: state.closesAt === undefined ? undefined : Date.parse(state.closesAt),
  votes: (Object.entries(state.votes) as Array<[string, Vote]>).sort(),
});

const motionStep: fc.Arbitrary<MotionStep> = fc.record({
  command: fc.oneof(
    { weight: 1, arbitrary: fc.constant('propose' as const) },
    { weight: 6, arbitrary: fc.constant('vote' as const) },
    { weight: 1, arbitrary: fc.constant('close' as const) },
    { weight: 2, arbitrary: fc.constant('wait' as const) },
    { weight: 1, arbitrary: fc.constant('toggle-seat' as const) },
  ),
  network,
  as,
  seatHolder: fc.oneof(
    { weight: 4, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
  vote: fc.constantFrom<Vote>('for', 'for', 'against', 'abstain'),
  closesInDays: fc.integer({ min: 0, max: 4 }),
});
const motionWorld: fc.Arbitrary<MotionWorld> = fc.record({
  seated: fc.subarray([...NETWORKS]),
  steps: fc.array(motionStep, { maxLength: 40, size: 'max' }),
});

describe('motions, decider against a reference model of the rules', () => {
  it(`agrees on every step of random command sequences (${RUNS} runs)`, () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(motionWorld, (w) => {
        let model: MotionModel = { status: 'none', votes: new Map() };
        let state = motionDecider.initialState;
        let seated = [...w.seated];
        let now = NOW.getTime();
        w.steps.forEach((generated, index) => {
          const s = resolve(generated, undefined, seated);
          if (s.command === 'wait') {
            now += DAY;
            return;
          }
          if (s.command === 'toggle-seat') {
            seated = seated.includes(s.network)
              ? seated.filter((n) => n !== s.network)
              : [...seated, s.network];
            return;
          }
          const expected = motionModelStep(model, s, seated, now);
          const actual = motionRealStep(state, s, seated, now);
          const where = `step ${index} ${JSON.stringify(s)} seats ${seated.join()} at ${new Date(now).toISOString()}`;
          expect({ where, accepted: actual !== refused }).toEqual({ where, accepted: expected !== refused });
          if (expected !== refused && actual !== refused) {
            model = expected;
            state = actual;
          }
          expect({ where, state: summariseMotion(state) }).toEqual({
            where,
            state: summariseMotionModel(model),
          });
          reached.add(state.status);
        });
      }),
      { numRuns: RUNS },
    );
    expect([...reached].sort()).toEqual(['carried', 'lapsed', 'none', 'open']);
  });
});

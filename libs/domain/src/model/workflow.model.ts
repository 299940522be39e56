import fc from 'fast-check';
import type { Verdict } from '../practice/practice.commands';
import type { PracticeStatus } from '../practice/practice.decider';

/**
 * A small reference model of the practice review workflow, written from the rules in DESIGN.md §3 (Practice
 * material) and §5 (authorization per network), not from the deciders, and the arbitraries of random runs against
 * it: workflow.model.spec.ts runs them against the practice decider, test/model/workflow-http.e2e-spec.ts against
 * the HTTP API. A run is a world (which networks hold seats, the policy's quorum) and a sequence of steps.
 */
export const NETWORKS = ['a', 'b', 'c', 'd', 'e'] as const;
export type NetworkId = (typeof NETWORKS)[number];

/** Who issues a command: the kinds of person the rules tell apart. */
export type Who = 'contributor' | 'former-member' | 'suspended' | 'not-adopted' | 'seat';
export interface Step {
  command: 'submit' | 'review' | 'revise' | 'publish' | 'withdraw';
  who: Who;
  network: NetworkId;
  /** Act as the owner network, or a seated one, where there is one, rather than as `network`: see `resolve`. */
  as: As;
  verdict: Verdict;
  /** Relative to the current round or version: 0 is current, anything else stale or future. */
  offset: number;
}

export type As = 'owner' | 'seated' | 'any';
export const as: fc.Arbitrary<As> = fc.constantFrom<As>('owner', 'owner', 'seated', 'seated', 'any');

/**
 * Steers a generated step to the owner or another seated network, so that sequences reach approval and publication
 * often rather than mostly being refused. Both sides get the same resolved step.
 */
export function resolve<S extends { network: NetworkId; as: As }>(
  step: S,
  owner: string | undefined,
  seated: NetworkId[],
): S {
  if (step.as === 'owner' && owner) return { ...step, network: owner as NetworkId };
  // A seat other than the owner's: one that may review.
  const others = seated.filter((network) => network !== owner);
  if (step.as === 'seated' && others.length > 0) {
    return { ...step, network: others[NETWORKS.indexOf(step.network) % others.length] };
  }
  return step;
}

/** A run: which networks hold seats, the policy's quorum, then the steps. */
export interface World {
  seated: NetworkId[];
  quorum: number;
  steps: Step[];
}

// ---- the reference model -------------------------------------------------------------------------------------

/** The decider's states but retirement, which takes a motion and is not in these sequences. */
export type Status = Exclude<PracticeStatus, 'retired'>;
export interface Model {
  status: Status;
  owner?: NetworkId;
  version: number;
  round: number;
  publishedVersion?: number;
  /** This round's verdicts, one per network. */
  reviews: Map<NetworkId, Verdict>;
}
export interface Summary {
  status: string;
  owner?: string;
  version: number;
  round: number;
  publishedVersion?: number;
  reviewers: string[];
}

export const refused = Symbol('refused');
export type Outcome = Model | typeof refused;

/** A person of an active network with the contributor role (adopting the principles matters only to submit). */
export function isContributor(who: Who): boolean {
  return who === 'contributor' || who === 'seat' || who === 'not-adopted';
}

export function modelStep(world: World, model: Model, step: Step): Outcome {
  const { network, who } = step;
  const ownerActs = model.owner === network && isContributor(who);
  const ended = model.status === 'none' || model.status === 'withdrawn';
  switch (step.command) {
    case 'submit':
      // §3: a contributor of a network that adopted the principles; an item is submitted once.
      if (model.status !== 'none' || !isContributor(who) || who === 'not-adopted') return refused;
      return { status: 'submitted', owner: network, version: 1, round: 1, reviews: new Map() };
    case 'review': {
      // §3: only seat holders, never from the submitting network, one review per seat per round, this round only.
      if (model.status !== 'submitted' && model.status !== 'in_review') return refused;
      if (who !== 'seat' || !world.seated.includes(network) || network === model.owner) return refused;
      if (model.reviews.has(network) || step.offset !== 0) return refused;
      const reviews = new Map(model.reviews).set(network, step.verdict);
      const eligible = world.seated.filter((seat) => seat !== model.owner).length;
      const quorum = Math.max(1, Math.min(world.quorum, eligible));
      const count = (verdict: Verdict) => [...reviews.values()].filter((v) => v === verdict).length;
      let status: Status = 'in_review';
      if (step.verdict === 'request_changes') status = 'changes_requested';
      else if (count('approve') >= quorum) status = 'approved';
      else if (count('reject') >= quorum) status = 'rejected';
      return { ...model, status, reviews };
    }
    case 'revise':
      // §3: the owner network revises a version not yet decided against it, or a published one; a new round opens
      // and earlier reviews no longer count. §5: a stale version is a conflict.
      if (ended || model.status === 'rejected' || !ownerActs || step.offset !== 0) return refused;
      return {
        ...model,
        status: 'in_review',
        version: model.version + 1,
        round: model.round + 1,
        reviews: new Map(),
      };
    case 'publish':
      // §3: owner network, only when approved; the approved version becomes the public one.
      if (model.status !== 'approved' || !ownerActs) return refused;
      return { ...model, status: 'published', publishedVersion: model.version };
    case 'withdraw':
      if (ended || !ownerActs) return refused;
      return { ...model, status: 'withdrawn' };
  }
}

export function summariseModel(model: Model): Summary {
  return {
    status: model.status,
    owner: model.owner,
    version: model.version,
    round: model.round,
    publishedVersion: model.publishedVersion,
    reviewers: [...model.reviews.keys()].sort(),
  };
}

// ---- the arbitraries -----------------------------------------------------------------------------------------

export const network = fc.constantFrom(...NETWORKS);
export const step: fc.Arbitrary<Step> = fc.record({
  // Reviews weigh most: they are where the quorum, conflict-of-interest and one-voice rules live.
  command: fc.oneof(
    { weight: 2, arbitrary: fc.constant('submit' as const) },
    { weight: 6, arbitrary: fc.constant('review' as const) },
    { weight: 2, arbitrary: fc.constant('revise' as const) },
    { weight: 2, arbitrary: fc.constant('publish' as const) },
    { weight: 1, arbitrary: fc.constant('withdraw' as const) },
  ),
  who: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<Who>('contributor', 'seat') },
    { weight: 1, arbitrary: fc.constantFrom<Who>('former-member', 'suspended', 'not-adopted') },
  ),
  network,
  as,
  verdict: fc.constantFrom<Verdict>('approve', 'approve', 'request_changes', 'reject'),
  offset: fc.oneof(
    { weight: 6, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.constantFrom(-1, 1) },
  ),
});
export const world: fc.Arbitrary<World> = fc.record({
  seated: fc.subarray([...NETWORKS]),
  quorum: fc.integer({ min: 1, max: 4 }),
  steps: fc.array(step, { maxLength: 40, size: 'max' }),
});

/** The model before the first step: no item yet. */
export const initialModel = (): Model => ({ status: 'none', version: 0, round: 0, reviews: new Map() });

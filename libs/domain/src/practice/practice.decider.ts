import { DAY_MS } from '../shared/time';
import { ConflictOfInterest, NotAllowed, NotFound, RuleBroken, WrongState } from '../shared/errors';
import { decideByType, type Decider } from '../shared/decider';
import type { PracticeCommand, PracticeContent, PracticeContext, Verdict } from './practice.commands';
import type { PracticeEvent, PracticePersonal, PublicContent } from './practice.events';

export type PracticeStatus =
  | 'none'
  | 'submitted'
  | 'in_review'
  | 'changes_requested'
  | 'approved'
  | 'rejected'
  | 'published'
  | 'withdrawn'
  | 'retired';

export interface PracticeState {
  status: PracticeStatus;
  practiceId?: string;
  networkId?: string;
  /** The version going through the workflow now. */
  version: number;
  round: number;
  /** When the current round opened: lazy consensus counts from here. */
  roundOpenedAt?: string;
  /** The version the public sees while a newer one is in review, if any. */
  publishedVersion?: number;
  /** This round's verdicts, one per network: each network has one voice. */
  reviews: Record<string, Verdict>;
  /** The keys its versions' contacts are sealed under, not yet erased, with who gave each. */
  contacts: Array<{ contactId: string; by: string }>;
}

const initialState: PracticeState = { status: 'none', version: 0, round: 0, reviews: {}, contacts: [] };

const REVIEWABLE: PracticeStatus[] = ['submitted', 'in_review'];
const REVISABLE: PracticeStatus[] = ['submitted', 'in_review', 'changes_requested', 'approved', 'published'];
const ENDED: PracticeStatus[] = ['withdrawn', 'retired'];

function split(content: PracticeContent): { content: PublicContent; personal: PracticePersonal } {
  const { contact, ...rest } = content;
  return { content: rest, personal: { contact } };
}

/** A contributor of an active network; for an existing item, of the network that owns it. */
function contributor(context: PracticeContext, state?: PracticeState) {
  const actor = context.actor;
  if (!actor) throw new NotAllowed('This command needs a person to issue it');
  if (!actor.roles.includes('contributor')) throw new NotAllowed('Only contributors can do this');
  if (!actor.networkActive) throw new NotAllowed('A suspended or departed network cannot act');
  if (state && actor.networkId !== state.networkId) {
    throw new NotAllowed('Only the network that owns this material can do this');
  }
  return actor;
}

type ExistingPractice = PracticeState & { practiceId: string; networkId: string };

function existing(state: PracticeState): ExistingPractice {
  if (state.status === 'none') throw new NotFound('No such practice');
  return state as ExistingPractice;
}

/** Quorum from the policy, capped at the seats that may review this item, and at least 1. */
export function effectiveQuorum(state: PracticeState, context: PracticeContext): number {
  const eligible = context.seatedNetworks.filter((networkId) => networkId !== state.networkId).length;
  return Math.max(1, Math.min(context.policy.quorum, eligible));
}

function networksWith(reviews: Record<string, Verdict>, verdict: Verdict): string[] {
  return Object.keys(reviews)
    .filter((networkId) => reviews[networkId] === verdict)
    .sort();
}

type Command<T extends PracticeCommand['type']> = Extract<PracticeCommand, { type: T }>;

function submitPractice(
  command: Command<'SubmitPractice'>,
  state: PracticeState,
  context: PracticeContext,
): PracticeEvent[] {
  const actor = contributor(context);
  if (state.status !== 'none') throw new WrongState('This practice already exists');
  if (!actor.principlesAdopted) {
    throw new RuleBroken(
      'principles-adopted',
      'The network must adopt the current principles before submitting',
    );
  }
  return [
    {
      type: 'PracticeSubmitted',
      data: {
        practiceId: command.practiceId,
        networkId: actor.networkId,
        submittedBy: actor.personId,
        contactId: command.contactId,
        version: 1,
        round: 1,
        openedAt: context.now.toISOString(),
        ...split(command.content),
      },
    },
  ];
}

function reviewPractice(
  command: Command<'ReviewPractice'>,
  state: PracticeState,
  context: PracticeContext,
): PracticeEvent[] {
  const item = existing(state);
  const actor = context.actor;
  if (!actor?.seat) throw new NotAllowed('Only Steering Group seat holders review material');
  if (!actor.networkActive) throw new NotAllowed('A suspended or departed network cannot act');
  if (actor.networkId === item.networkId) {
    throw new ConflictOfInterest("A network's representative cannot review its own network's material");
  }
  if (!REVIEWABLE.includes(item.status))
    throw new WrongState(`A practice that is ${item.status} is not in review`);
  if (command.round !== item.round)
    throw new WrongState(`Round ${command.round} is not the current round ${item.round}`);
  if (item.reviews[actor.networkId]) {
    throw new RuleBroken('one-review-per-seat', 'This seat has already reviewed this round');
  }
  const recorded: PracticeEvent = {
    type: 'ReviewRecorded',
    data: {
      practiceId: item.practiceId,
      round: item.round,
      verdict: command.verdict,
      comment: command.comment,
      networkId: actor.networkId,
      personId: actor.personId,
    },
  };
  const reviews = { ...item.reviews, [actor.networkId]: command.verdict };
  return [recorded, ...roundOutcome(item, reviews, command.verdict, context)];
}

/** What the latest verdict settles: a request for changes ends the round; approvals or rejections may reach quorum. */
function roundOutcome(
  item: ExistingPractice,
  reviews: Record<string, Verdict>,
  verdict: Verdict,
  context: PracticeContext,
): PracticeEvent[] {
  const common = { practiceId: item.practiceId, version: item.version, round: item.round };
  if (verdict === 'request_changes') {
    return [{ type: 'ChangesRequested', data: { practiceId: item.practiceId, round: item.round } }];
  }
  const quorum = effectiveQuorum(item, context);
  const policyVersion = context.policy.version;
  const agreeing = networksWith(reviews, verdict);
  if (agreeing.length < quorum) return [];
  if (verdict === 'approve') {
    const data = { ...common, approvedBy: 'quorum', approvals: agreeing, policyVersion, quorum } as const;
    return [{ type: 'PracticeApproved', data }];
  }
  return [{ type: 'PracticeRejected', data: { ...common, rejections: agreeing, policyVersion, quorum } }];
}

/** Issued by the scheduler, not a person: the policy in force decides whether the round has waited long enough. */
function concludeLazyConsensus(
  _command: Command<'ConcludeLazyConsensus'>,
  state: PracticeState,
  context: PracticeContext,
): PracticeEvent[] {
  const item = existing(state);
  const days = context.policy.lazyConsensusDays;
  if (days === undefined)
    throw new RuleBroken('lazy-consensus-enabled', 'The approval policy has no lazy consensus');
  if (!REVIEWABLE.includes(item.status))
    throw new WrongState(`A practice that is ${item.status} is not in review`);
  const approvals = networksWith(item.reviews, 'approve');
  if (approvals.length === 0 || approvals.length < Object.keys(item.reviews).length) {
    throw new RuleBroken('lazy-consensus-unopposed', 'Lazy consensus needs an approval and no objection');
  }
  if (context.now.getTime() - Date.parse(item.roundOpenedAt!) < days * DAY_MS) {
    throw new RuleBroken('lazy-consensus-due', `The round has not been open ${days} days`);
  }
  return [
    {
      type: 'PracticeApproved',
      data: {
        practiceId: item.practiceId,
        version: item.version,
        round: item.round,
        approvedBy: 'lazy-consensus',
        approvals,
        policyVersion: context.policy.version,
        quorum: effectiveQuorum(item, context),
      },
    },
  ];
}

function revisePractice(
  command: Command<'RevisePractice'>,
  state: PracticeState,
  context: PracticeContext,
): PracticeEvent[] {
  const item = existing(state);
  const actor = contributor(context, item);
  if (!REVISABLE.includes(item.status))
    throw new WrongState(`A practice that is ${item.status} cannot be revised`);
  if (command.basedOnVersion !== item.version) {
    throw new WrongState(
      `The revision is based on version ${command.basedOnVersion}; the current one is ${item.version}`,
    );
  }
  return [
    {
      type: 'PracticeRevised',
      data: {
        practiceId: item.practiceId,
        version: item.version + 1,
        round: item.round + 1,
        openedAt: context.now.toISOString(),
        revisedBy: actor.personId,
        contactId: command.contactId,
        ...split(command.content),
      },
    },
  ];
}

function publishPractice(
  _command: Command<'PublishPractice'>,
  state: PracticeState,
  context: PracticeContext,
): PracticeEvent[] {
  const item = existing(state);
  const actor = contributor(context, item);
  if (item.status !== 'approved') throw new WrongState('Only approved material can be published');
  return [
    {
      type: 'PracticePublished',
      data: { practiceId: item.practiceId, version: item.version, publishedBy: actor.personId },
    },
  ];
}

/** Issued by the policy that watches approvals: allowed only where the owner network opted in. */
function publishAutomatically(
  _command: Command<'PublishAutomatically'>,
  state: PracticeState,
  context: PracticeContext,
): PracticeEvent[] {
  const item = existing(state);
  if (!context.ownerPublishesOnApproval)
    throw new RuleBroken('publish-on-approval', 'The owner network publishes its approved material itself');
  if (item.status !== 'approved') throw new WrongState('Only approved material can be published');
  return [
    {
      type: 'PracticePublished',
      data: { practiceId: item.practiceId, version: item.version, onApproval: true },
    },
  ];
}

function withdrawPractice(
  command: Command<'WithdrawPractice'>,
  state: PracticeState,
  context: PracticeContext,
): PracticeEvent[] {
  const item = existing(state);
  const actor = contributor(context, item);
  if (ENDED.includes(item.status)) throw new WrongState(`This practice is already ${item.status}`);
  return [
    {
      type: 'PracticeWithdrawn',
      data: { practiceId: item.practiceId, reason: command.reason, withdrawnBy: actor.personId },
    },
  ];
}

/**
 * A contact is personal data of its own: the owner network may erase it without withdrawing the material, which
 * stays published without one.
 */
function eraseContact(
  command: Command<'EraseContact'>,
  state: PracticeState,
  context: PracticeContext,
): PracticeEvent[] {
  const item = existing(state);
  const { practiceId } = item;
  if (command.of !== undefined) {
    if (context.actor || !context.personForgotten)
      throw new NotAllowed('Only the erasure of the person who gave them takes their contacts');
    const contactIds = item.contacts.filter(({ by }) => by === command.of).map(({ contactId }) => contactId);
    return contactIds.length === 0
      ? []
      : [{ type: 'ContactErased', data: { practiceId, contactIds, forgotten: command.of } }];
  }
  const actor = context.actor;
  if (!actor || actor.networkId !== item.networkId || actor.roles.length === 0 || !actor.networkActive)
    throw new NotAllowed("Only the owner network's members can erase its contact");
  if (item.contacts.length === 0) return [];
  const contactIds = item.contacts.map(({ contactId }) => contactId);
  return [{ type: 'ContactErased', data: { practiceId, contactIds, erasedBy: actor.personId } }];
}

/** Applied by the policy that carries out a carried motion: no person issues it. */
function retirePractice(command: Command<'RetirePractice'>, state: PracticeState): PracticeEvent[] {
  const item = existing(state);
  if (ENDED.includes(item.status)) throw new WrongState(`This practice is already ${item.status}`);
  return [
    {
      type: 'PracticeRetired',
      data: { practiceId: item.practiceId, reason: command.reason, motionId: command.motionId },
    },
  ];
}

const decide = decideByType<PracticeCommand, PracticeState, PracticeEvent, PracticeContext>({
  SubmitPractice: submitPractice,
  ReviewPractice: reviewPractice,
  ConcludeLazyConsensus: concludeLazyConsensus,
  RevisePractice: revisePractice,
  PublishPractice: publishPractice,
  PublishAutomatically: publishAutomatically,
  WithdrawPractice: withdrawPractice,
  EraseContact: eraseContact,
  RetirePractice: retirePractice,
});

function evolve(state: PracticeState, event: PracticeEvent): PracticeState {
  switch (event.type) {
    case 'PracticeSubmitted':
      return {
        status: 'submitted',
        practiceId: event.data.practiceId,
        networkId: event.data.networkId,
        version: 1,
        round: 1,
        roundOpenedAt: event.data.openedAt,
        reviews: {},
        contacts: event.data.contactId
          ? [{ contactId: event.data.contactId, by: event.data.submittedBy }]
          : [],
      };
    case 'ReviewRecorded':
      return {
        ...state,
        status: state.status === 'submitted' ? 'in_review' : state.status,
        reviews: { ...state.reviews, [event.data.networkId]: event.data.verdict },
      };
    case 'ChangesRequested':
      return { ...state, status: 'changes_requested' };
    case 'PracticeApproved':
      return { ...state, status: 'approved' };
    case 'PracticeRejected':
      return { ...state, status: 'rejected' };
    case 'PracticeRevised':
      // The new version goes straight back into review (DESIGN §3: changes_requested → revise → in_review).
      return {
        ...state,
        status: 'in_review',
        version: event.data.version,
        round: event.data.round,
        roundOpenedAt: event.data.openedAt,
        reviews: {},
        contacts: event.data.contactId
          ? [...state.contacts, { contactId: event.data.contactId, by: event.data.revisedBy }]
          : state.contacts,
      };
    case 'ContactErased':
      return {
        ...state,
        contacts: state.contacts.filter(({ contactId }) => !event.data.contactIds.includes(contactId)),
      };
    case 'PracticePublished':
      return { ...state, status: 'published', publishedVersion: event.data.version };
    case 'PracticeWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'PracticeRetired':
      return { ...state, status: 'retired' };
  }
}

export const practiceDecider: Decider<PracticeCommand, PracticeState, PracticeEvent, PracticeContext> = {
  initialState,
  decide,
  evolve,
};

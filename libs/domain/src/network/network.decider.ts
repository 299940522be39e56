import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-events';
import { Gone, NotAllowed, NotFound, RuleBroken, WrongState } from '../shared/errors';
import { decideByType, type Decider } from '../shared/decider';
import type { Actor } from '../shared/actor';
import { DAY_MS } from '../shared/time';
import type { IssuedToken, NetworkCommand, NetworkContext, Role } from './network.commands';
import type { NetworkEvent } from './network.events';

export interface NetworkState {
  status: 'none' | 'active' | 'suspended' | 'left';
  networkId?: string;
  profile?: { name: string; scope: 'regional' | 'national'; region?: string };
  facilitator: boolean;
  members: Record<string, { roles: Role[] }>;
  tokens: Record<string, { personId: string; expiresAt: string; revoked: boolean }>;
  /** One-time claim links, by the hash of their code. */
  claims: Record<string, { claimId: string; personId: string; expiresAt: string; redeemed: boolean }>;
  principlesVersion?: string;
  /** The network's Steering Group seat holder, if the seat is filled. */
  representative?: string;
  authorities: string[];
  /** A disabled webhook gets no deliveries; its coordinator removes it and registers it again once fixed. */
  webhooks: Record<string, { url: string; events?: WebhookEventType[]; disabled?: boolean }>;
  /** The network's material is published as soon as it is approved, without a contributor's PublishPractice. */
  publishesOnApproval: boolean;
  /** The verifier key of the network's witness, if it co-signs checkpoints. */
  witnessKey?: string;
  /** Everyone ever registered here, removed members included: their personal data can still be erased. */
  registered: string[];
  erased: string[];
}

/** Each delivery is work for the job queue; a handful of endpoints per network is plenty. */
export const MAX_WEBHOOKS = 10;

/** A webhook whose every delivery has failed for this long is disabled (its coordinator is told). */
export const WEBHOOK_DISABLED_AFTER_MS = 3 * DAY_MS;

const initialState: NetworkState = {
  status: 'none',
  facilitator: false,
  members: {},
  tokens: {},
  claims: {},
  authorities: [],
  webhooks: {},
  publishesOnApproval: false,
  registered: [],
  erased: [],
};

type Active = NetworkState & { networkId: string };

function enrolled(state: NetworkState): Active {
  if (state.status === 'none') throw new NotFound('No such network');
  return state as Active;
}

/** The network's own coordinator, while the network is active. */
function coordinatorOf(state: NetworkState, context: NetworkContext) {
  const network = enrolled(state);
  const actor = context.actor;
  if (!actor || actor.networkId !== network.networkId)
    throw new NotAllowed("Only the network's own coordinators can do this");
  if (!actor.roles.includes('coordinator')) throw new NotAllowed('Only coordinators can do this');
  if (network.status !== 'active')
    throw new NotAllowed(`A ${network.status === 'left' ? 'departed' : 'suspended'} network cannot act`);
  return { network, actor };
}

function member(network: Active, personId: string) {
  const found = network.members[personId];
  if (!found) throw new NotFound('No such member of this network');
  return found;
}

function coordinatorsAfter(network: Active, personId: string, roles: Role[]): number {
  return Object.entries(network.members).filter(([id, m]) =>
    (id === personId ? roles : m.roles).includes('coordinator'),
  ).length;
}

function keepsACoordinator(network: Active, personId: string, roles: Role[]): void {
  if (coordinatorsAfter(network, personId, roles) === 0) {
    throw new RuleBroken('one-coordinator', 'A network always keeps at least one coordinator');
  }
}

/** What the log keeps of a token: never more than its id, hash and expiry, whatever else the command carries. */
function recorded({ tokenId, tokenHash, expiresAt }: IssuedToken): IssuedToken {
  return { tokenId, tokenHash, expiresAt };
}

function firstCoordinator(
  networkId: string,
  { personId, name, email }: { personId: string; name: string; email: string },
): NetworkEvent {
  return {
    type: 'MemberRegistered',
    data: { networkId, personId, roles: ['coordinator', 'contributor'], personal: { name, email } },
  };
}

type Command<T extends NetworkCommand['type']> = Extract<NetworkCommand, { type: T }>;

function bootstrapFacilitator(
  command: Command<'BootstrapFacilitator'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  // The one moment without a rule-checked actor: an empty store.
  if (!context.storeIsEmpty || state.status !== 'none')
    throw new WrongState('Bootstrap happens only on an empty store');
  const { networkId, name } = command;
  return [
    { type: 'NetworkEnrolled', data: { networkId, name, scope: 'national', facilitator: true } },
    firstCoordinator(networkId, command.coordinator),
    {
      type: 'AccessTokenIssued',
      data: { networkId, personId: command.coordinator.personId, ...recorded(command.token) },
    },
  ];
}

function enrolNetwork(
  command: Command<'EnrolNetwork'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const actor = context.actor;
  const facilitatorCoordinator =
    actor?.facilitator === true && actor.roles.includes('coordinator') && actor.networkActive;
  if (!facilitatorCoordinator)
    throw new NotAllowed("Only the facilitator network's coordinators enrol networks");
  if (state.status !== 'none') throw new WrongState(`Network ${command.networkId} is already enrolled`);
  const { networkId, name, scope, region } = command;
  return [
    {
      type: 'NetworkEnrolled',
      data: { networkId, name, scope, region, facilitator: false, enrolledBy: actor!.personId },
    },
    firstCoordinator(networkId, command.coordinator),
    // A claim link, not a token: the facilitator must never hold another network's credentials (DESIGN §3).
    {
      type: 'ClaimIssued',
      data: { networkId, personId: command.coordinator.personId, ...command.claim },
    },
  ];
}

function redeemClaim(
  command: Command<'RedeemClaim'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const network = enrolled(state);
  const claim = network.claims[command.codeHash];
  if (!claim) throw new NotFound('No such claim link');
  if (claim.redeemed) throw new Gone('This claim link has been used');
  if (context.now.getTime() >= Date.parse(claim.expiresAt)) throw new Gone('This claim link has expired');
  if (!network.members[claim.personId]) throw new Gone('The person this link was for is no longer a member');
  const { networkId } = network;
  const { personId, claimId } = claim;
  return [
    { type: 'ClaimRedeemed', data: { networkId, personId, claimId } },
    { type: 'AccessTokenIssued', data: { networkId, personId, ...recorded(command.token) } },
  ];
}

function adoptPrinciples(
  command: Command<'AdoptPrinciples'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network, actor } = coordinatorOf(state, context);
  if (command.principlesVersion !== context.currentPrinciplesVersion) {
    throw new RuleBroken(
      'current-principles',
      `The current principles are version ${context.currentPrinciplesVersion}`,
    );
  }
  if (network.principlesVersion === command.principlesVersion)
    throw new WrongState('These principles are already adopted');
  return [
    {
      type: 'PrinciplesAdopted',
      data: {
        networkId: network.networkId,
        principlesVersion: command.principlesVersion,
        adoptedBy: actor.personId,
      },
    },
  ];
}

function registerMember(
  command: Command<'RegisterMember'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network } = coordinatorOf(state, context);
  if (network.members[command.personId]) throw new WrongState('This person is already a member');
  const { personId, roles, personal } = command;
  return [{ type: 'MemberRegistered', data: { networkId: network.networkId, personId, roles, personal } }];
}

function changeMemberRoles(
  command: Command<'ChangeMemberRoles'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network } = coordinatorOf(state, context);
  member(network, command.personId);
  keepsACoordinator(network, command.personId, command.roles);
  return [
    {
      type: 'MemberRolesChanged',
      data: { networkId: network.networkId, personId: command.personId, roles: command.roles },
    },
  ];
}

function removeMember(
  command: Command<'RemoveMember'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network } = coordinatorOf(state, context);
  member(network, command.personId);
  keepsACoordinator(network, command.personId, []);
  const { networkId } = network;
  const events: NetworkEvent[] = [{ type: 'MemberRemoved', data: { networkId, personId: command.personId } }];
  if (network.representative === command.personId) {
    events.push({
      type: 'SeatVacated',
      data: { networkId, personId: command.personId, reason: 'member-removed' },
    });
  }
  return events;
}

function issueAccessToken(
  command: Command<'IssueAccessToken'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network } = coordinatorOf(state, context);
  member(network, command.personId);
  return [
    {
      type: 'AccessTokenIssued',
      data: { networkId: network.networkId, personId: command.personId, ...recorded(command.token) },
    },
  ];
}

function revokeAccessToken(
  command: Command<'RevokeAccessToken'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const network = enrolled(state);
  const actor = context.actor;
  const self = actor?.networkId === network.networkId && actor.personId === command.personId;
  if (!self) coordinatorOf(state, context);
  const token = network.tokens[command.tokenId];
  if (!token || token.personId !== command.personId) throw new NotFound('No such token');
  if (token.revoked) throw new WrongState('This token is already revoked');
  return [
    {
      type: 'AccessTokenRevoked',
      data: { networkId: network.networkId, personId: command.personId, tokenId: command.tokenId },
    },
  ];
}

function nominateRepresentative(
  command: Command<'NominateRepresentative'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network } = coordinatorOf(state, context);
  if (!network.members[command.personId]) {
    throw new RuleBroken('representative-is-member', 'The representative must be a member of the network');
  }
  if (network.representative === command.personId) throw new WrongState('This person already holds the seat');
  return [
    {
      type: 'RepresentativeNominated',
      data: { networkId: network.networkId, personId: command.personId, previous: network.representative },
    },
  ];
}

function addMemberAuthority(
  command: Command<'AddMemberAuthority'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network } = coordinatorOf(state, context);
  if (!context.isAuthorityCode(command.authorityCode)) {
    throw new RuleBroken('authority-register', `${command.authorityCode} is not in the authority register`);
  }
  if (network.authorities.includes(command.authorityCode))
    throw new WrongState('This authority is already listed');
  return [
    {
      type: 'MemberAuthorityAdded',
      data: { networkId: network.networkId, authorityCode: command.authorityCode },
    },
  ];
}

function registerWebhook(
  command: Command<'RegisterWebhook'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network } = coordinatorOf(state, context);
  const { webhookId, url, secret, events } = command;
  if (Object.keys(network.webhooks).length >= MAX_WEBHOOKS)
    throw new RuleBroken('webhook-limit', `A network may register at most ${MAX_WEBHOOKS} webhooks`);
  if (Object.values(network.webhooks).some((webhook) => webhook.url === url))
    throw new RuleBroken('webhook-unique', 'This URL is already registered as a webhook');
  if (events?.length === 0)
    throw new RuleBroken(
      'webhook-events',
      'A webhook receives at least one type of event: leave events out for all',
    );
  if (events?.some((type) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)))
    throw new RuleBroken('webhook-events', `Webhooks receive only ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  return [
    {
      type: 'WebhookRegistered',
      data: {
        networkId: network.networkId,
        webhookId,
        url,
        ...(events && { events: [...new Set(events)] }),
        personal: { secret },
      },
    },
  ];
}

function removeWebhook(
  command: Command<'RemoveWebhook'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network } = coordinatorOf(state, context);
  if (!network.webhooks[command.webhookId]) throw new NotFound('No such webhook');
  return [{ type: 'WebhookRemoved', data: { networkId: network.networkId, webhookId: command.webhookId } }];
}

function redeliverWebhook(
  command: Command<'RedeliverWebhook'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network, actor } = coordinatorOf(state, context);
  const { webhookId, deliveryId } = command;
  const webhook = network.webhooks[webhookId];
  if (!webhook) throw new NotFound('No such webhook');
  if (webhook.disabled) throw new WrongState('This webhook is disabled: remove it and register it again');
  return [
    {
      type: 'WebhookRedeliveryRequested',
      data: { networkId: network.networkId, webhookId, deliveryId, requestedBy: actor.personId },
    },
  ];
}

/** Only the delivery worker, as a rule: the deliveries since `failingSince` all failed, for long enough. */
function disableWebhook(
  command: Command<'DisableWebhook'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const network = enrolled(state);
  if (context.actor) throw new NotAllowed('Webhooks are disabled by the delivery worker only');
  const webhook = network.webhooks[command.webhookId];
  if (!webhook) throw new NotFound('No such webhook');
  if (webhook.disabled) throw new WrongState('This webhook is already disabled');
  if (context.now.getTime() - Date.parse(command.failingSince) < WEBHOOK_DISABLED_AFTER_MS)
    throw new WrongState('This webhook has not been failing for long enough to be disabled');
  const { webhookId, failingSince } = command;
  return [{ type: 'WebhookDisabled', data: { networkId: network.networkId, webhookId, failingSince } }];
}

function setAutomaticPublication(
  command: Command<'SetAutomaticPublication'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network, actor } = coordinatorOf(state, context);
  if (network.publishesOnApproval === command.enabled)
    throw new WrongState(`Automatic publication is already ${command.enabled ? 'on' : 'off'}`);
  return [
    {
      type: 'AutomaticPublicationSet',
      data: { networkId: network.networkId, enabled: command.enabled, setBy: actor.personId },
    },
  ];
}

function registerWitnessKey(
  command: Command<'RegisterWitnessKey'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network, actor } = coordinatorOf(state, context);
  if (!context.isWitnessKey(command.publicKey))
    throw new RuleBroken('witness-key', 'The witness key must be an Ed25519 C2SP verifier key');
  return [
    {
      type: 'WitnessKeyRegistered',
      data: { networkId: network.networkId, publicKey: command.publicKey, registeredBy: actor.personId },
    },
  ];
}

function leaveScheme(
  command: Command<'LeaveScheme'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  const { network } = coordinatorOf(state, context);
  if (network.facilitator)
    throw new RuleBroken('facilitator-stays', 'The facilitator network enrols the others and cannot leave');
  const { networkId, representative } = network;
  const events: NetworkEvent[] = [{ type: 'NetworkLeft', data: { networkId, reason: command.reason } }];
  if (representative)
    events.push({
      type: 'SeatVacated',
      data: { networkId, personId: representative, reason: 'left-scheme' },
    });
  return events;
}

function erasePersonalData(
  command: Command<'ErasePersonalData'>,
  state: NetworkState,
  context: NetworkContext,
): NetworkEvent[] {
  // The person themselves or their network's coordinator, whatever the network's state: erasure is a right.
  const network = enrolled(state);
  const actor = context.actor;
  const self = actor?.personId === command.personId && network.registered.includes(command.personId);
  // Another network's people are not the caller's to know of: the same answer as for no one (API.md).
  if (!self && actor?.networkId !== network.networkId) throw new NotFound('No such person');
  if (!self && !actor!.roles.includes('coordinator'))
    throw new NotAllowed("Only the person or their network's coordinator can erase their personal data");
  if (!network.registered.includes(command.personId)) throw new NotFound('No such person in this network');
  // Already erased: nothing to record again (the key deletion that follows is idempotent too).
  if (network.erased.includes(command.personId)) return [];
  const { networkId } = network;
  // A forgotten person's tokens stop working with their data: nothing of theirs keeps acting.
  const liveTokens = Object.entries(network.tokens)
    .filter(([, token]) => token.personId === command.personId && !token.revoked)
    .map(([tokenId]) => tokenId);
  return [
    {
      type: 'PersonalDataErased',
      data: { networkId, personId: command.personId, erasedBy: actor!.personId },
    },
    ...liveTokens.map((tokenId): NetworkEvent => ({
      type: 'AccessTokenRevoked',
      data: { networkId, personId: command.personId, tokenId },
    })),
  ];
}

/** Applied from a carried motion: no person issues it. */
function suspendNetwork(command: Command<'SuspendNetwork'>, state: NetworkState): NetworkEvent[] {
  const network = enrolled(state);
  if (network.status !== 'active') throw new WrongState(`A ${network.status} network cannot be suspended`);
  return [{ type: 'NetworkSuspended', data: { networkId: network.networkId, motionId: command.motionId } }];
}

/** Applied from a carried motion: no person issues it. */
function reinstateNetwork(command: Command<'ReinstateNetwork'>, state: NetworkState): NetworkEvent[] {
  const network = enrolled(state);
  if (network.status !== 'suspended') throw new WrongState('Only a suspended network can be reinstated');
  return [{ type: 'NetworkReinstated', data: { networkId: network.networkId, motionId: command.motionId } }];
}

const decide = decideByType<NetworkCommand, NetworkState, NetworkEvent, NetworkContext>({
  BootstrapFacilitator: bootstrapFacilitator,
  EnrolNetwork: enrolNetwork,
  RedeemClaim: redeemClaim,
  AdoptPrinciples: adoptPrinciples,
  RegisterMember: registerMember,
  ChangeMemberRoles: changeMemberRoles,
  RemoveMember: removeMember,
  IssueAccessToken: issueAccessToken,
  RevokeAccessToken: revokeAccessToken,
  NominateRepresentative: nominateRepresentative,
  AddMemberAuthority: addMemberAuthority,
  RegisterWebhook: registerWebhook,
  RemoveWebhook: removeWebhook,
  RedeliverWebhook: redeliverWebhook,
  DisableWebhook: disableWebhook,
  SetAutomaticPublication: setAutomaticPublication,
  RegisterWitnessKey: registerWitnessKey,
  LeaveScheme: leaveScheme,
  ErasePersonalData: erasePersonalData,
  SuspendNetwork: suspendNetwork,
  ReinstateNetwork: reinstateNetwork,
});

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

function evolve(state: NetworkState, event: NetworkEvent): NetworkState {
  switch (event.type) {
    case 'NetworkEnrolled':
      return {
        ...initialState,
        status: 'active',
        networkId: event.data.networkId,
        profile: { name: event.data.name, scope: event.data.scope, region: event.data.region },
        facilitator: event.data.facilitator,
      };
    case 'PrinciplesAdopted':
      return { ...state, principlesVersion: event.data.principlesVersion };
    case 'MemberRegistered':
      return {
        ...state,
        members: { ...state.members, [event.data.personId]: { roles: event.data.roles } },
        registered: [...state.registered, event.data.personId],
      };
    case 'MemberRolesChanged':
      return { ...state, members: { ...state.members, [event.data.personId]: { roles: event.data.roles } } };
    case 'MemberRemoved':
      return { ...state, members: without(state.members, event.data.personId) };
    case 'AccessTokenIssued':
      return {
        ...state,
        tokens: {
          ...state.tokens,
          [event.data.tokenId]: {
            personId: event.data.personId,
            expiresAt: event.data.expiresAt,
            revoked: false,
          },
        },
      };
    case 'ClaimIssued': {
      const { codeHash, claimId, personId, expiresAt } = event.data;
      return {
        ...state,
        claims: { ...state.claims, [codeHash]: { claimId, personId, expiresAt, redeemed: false } },
      };
    }
    case 'ClaimRedeemed': {
      const entry = Object.entries(state.claims).find(([, claim]) => claim.claimId === event.data.claimId);
      if (!entry) return state;
      return { ...state, claims: { ...state.claims, [entry[0]]: { ...entry[1], redeemed: true } } };
    }
    case 'AccessTokenRevoked':
      return {
        ...state,
        tokens: {
          ...state.tokens,
          [event.data.tokenId]: { ...state.tokens[event.data.tokenId], revoked: true },
        },
      };
    case 'RepresentativeNominated':
      return { ...state, representative: event.data.personId };
    case 'SeatVacated':
      return { ...state, representative: undefined };
    case 'MemberAuthorityAdded':
      return { ...state, authorities: [...state.authorities, event.data.authorityCode] };
    case 'WebhookRegistered':
      return {
        ...state,
        webhooks: {
          ...state.webhooks,
          [event.data.webhookId]: {
            url: event.data.url,
            ...(event.data.events && { events: event.data.events }),
          },
        },
      };
    case 'WebhookRemoved':
      return { ...state, webhooks: without(state.webhooks, event.data.webhookId) };
    case 'WebhookRedeliveryRequested':
      return state;
    case 'WebhookDisabled': {
      const webhook = state.webhooks[event.data.webhookId];
      return {
        ...state,
        webhooks: { ...state.webhooks, [event.data.webhookId]: { ...webhook, disabled: true } },
      };
    }
    case 'AutomaticPublicationSet':
      return { ...state, publishesOnApproval: event.data.enabled };
    case 'WitnessKeyRegistered':
      return { ...state, witnessKey: event.data.publicKey };
    case 'NetworkLeft':
      return { ...state, status: 'left' };
    case 'PersonalDataErased':
      return { ...state, erased: [...state.erased, event.data.personId] };
    case 'NetworkSuspended':
      return { ...state, status: 'suspended' };
    case 'NetworkReinstated':
      return { ...state, status: 'active' };
  }
}

/**
 * A person as the rules see them, from their network's folded state: what they may do follows the log. Someone who
 * is no longer a member has no roles and no seat.
 */
export function actorIn(network: NetworkState, personId: string, currentPrinciplesVersion: string): Actor {
  const networkActive = network.status === 'active';
  return {
    personId,
    networkId: network.networkId ?? '',
    roles: network.members[personId]?.roles ?? [],
    networkActive,
    facilitator: network.facilitator,
    principlesAdopted: network.principlesVersion === currentPrinciplesVersion,
    seat: networkActive && network.representative === personId,
  };
}

/** Networks whose seat counts: active, with a representative. A suspended network's seat is not filled. */
export function filledSeats(networks: Iterable<NetworkState>): string[] {
  return [...networks]
    .filter((network) => network.status === 'active' && network.representative !== undefined)
    .map((network) => network.networkId!)
    .sort();
}

export const networkDecider: Decider<NetworkCommand, NetworkState, NetworkEvent, NetworkContext> = {
  initialState,
  decide,
  evolve,
};

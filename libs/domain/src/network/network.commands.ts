import type { WebhookEventType } from './webhook-events';
import type { Actor, Role } from '../shared/actor';

export type { Role };

/** Name and e-mail: personal data, carried in the events' encrypted part. */
export interface PersonalDetails {
  name: string;
  email: string;
}

/**
 * A one-time claim link for a new network's first coordinator: the facilitator that enrols the network never holds
 * its credentials. The decider sees only the code's hash.
 */
export interface IssuedClaim {
  claimId: string;
  codeHash: string;
  expiresAt: string;
}

/** How long a claim link works. */
export const CLAIM_VALID_DAYS = 7;

/** A token the handler generated: the decider only ever sees its hash. */
export interface IssuedToken {
  tokenId: string;
  tokenHash: string;
  expiresAt: string;
}

export type NetworkCommand =
  | {
      type: 'BootstrapFacilitator';
      networkId: string;
      name: string;
      coordinator: { personId: string } & PersonalDetails;
      token: IssuedToken;
    }
  | {
      type: 'EnrolNetwork';
      networkId: string;
      name: string;
      scope: 'regional' | 'national';
      region?: string;
      coordinator: { personId: string } & PersonalDetails;
      claim: IssuedClaim;
    }
  /** The public exchanging a claim link for the coordinator's first token, once. */
  | { type: 'RedeemClaim'; networkId: string; codeHash: string; token: IssuedToken }
  | { type: 'AdoptPrinciples'; networkId: string; principlesVersion: string }
  | { type: 'RegisterMember'; networkId: string; personId: string; roles: Role[]; personal: PersonalDetails }
  | { type: 'ChangeMemberRoles'; networkId: string; personId: string; roles: Role[] }
  | { type: 'RemoveMember'; networkId: string; personId: string }
  | { type: 'IssueAccessToken'; networkId: string; personId: string; token: IssuedToken }
  | { type: 'RevokeAccessToken'; networkId: string; personId: string; tokenId: string }
  | { type: 'NominateRepresentative'; networkId: string; personId: string }
  | { type: 'AddMemberAuthority'; networkId: string; authorityCode: string }
  /** `events`: the webhook types (API.md) it receives; absent, all of them. */
  | {
      type: 'RegisterWebhook';
      networkId: string;
      webhookId: string;
      url: string;
      secret: string;
      events?: WebhookEventType[];
    }
  | { type: 'RemoveWebhook'; networkId: string; webhookId: string }
  /** A delivery sent again (the coordinator asks; the delivery worker sends it). */
  | { type: 'RedeliverWebhook'; networkId: string; webhookId: string; deliveryId: string }
  /** By the delivery worker (no actor): every delivery since `failingSince` failed. */
  | { type: 'DisableWebhook'; networkId: string; webhookId: string; failingSince: string }
  | { type: 'SetAutomaticPublication'; networkId: string; enabled: boolean }
  /** The C2SP verifier key the network co-signs checkpoints with as a witness; replaces any earlier one. */
  | { type: 'RegisterWitnessKey'; networkId: string; publicKey: string }
  | { type: 'LeaveScheme'; networkId: string; reason: string }
  /** No networkId: the person's network is found from the log. */
  | { type: 'ErasePersonalData'; personId: string }
  | { type: 'SuspendNetwork'; networkId: string; motionId: string }
  | { type: 'ReinstateNetwork'; networkId: string; motionId: string };

export interface NetworkContext {
  now: Date;
  /** Absent for bootstrap and for decisions applied from carried motions. */
  actor?: Actor;
  /** Bootstrap is allowed only on an empty event store. */
  storeIsEmpty?: boolean;
  currentPrinciplesVersion: string;
  isAuthorityCode(code: string): boolean;
  /** An Ed25519 C2SP verifier key a witness can co-sign with (the signature checks live outside the domain). */
  isWitnessKey(key: string): boolean;
}

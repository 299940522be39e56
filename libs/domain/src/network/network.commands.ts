import type { Actor, Role } from '../shared/actor';

export type { Role };

/** Name and e-mail: personal data, carried in the events' encrypted part. */
export interface PersonalDetails {
  name: string;
  email: string;
}

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
      token: IssuedToken;
    }
  | { type: 'AdoptPrinciples'; principlesVersion: string }
  | { type: 'RegisterMember'; personId: string; roles: Role[]; personal: PersonalDetails }
  | { type: 'ChangeMemberRoles'; personId: string; roles: Role[] }
  | { type: 'RemoveMember'; personId: string }
  | { type: 'IssueAccessToken'; personId: string; token: IssuedToken }
  | { type: 'RevokeAccessToken'; personId: string; tokenId: string }
  | { type: 'NominateRepresentative'; personId: string }
  | { type: 'AddMemberAuthority'; authorityCode: string }
  | { type: 'RegisterWebhook'; webhookId: string; url: string; secret: string }
  | { type: 'RemoveWebhook'; webhookId: string }
  | { type: 'SetAutomaticPublication'; enabled: boolean }
  | { type: 'LeaveScheme'; reason: string }
  | { type: 'ErasePersonalData'; personId: string }
  | { type: 'SuspendNetwork'; motionId: string }
  | { type: 'ReinstateNetwork'; motionId: string };

export interface NetworkContext {
  now: Date;
  /** Absent for bootstrap and for decisions applied from carried motions. */
  actor?: Actor;
  /** Bootstrap is allowed only on an empty event store. */
  storeIsEmpty?: boolean;
  currentPrinciplesVersion: string;
  isAuthorityCode(code: string): boolean;
}

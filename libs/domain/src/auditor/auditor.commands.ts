import type { IssuedClaim, IssuedToken } from '../network/network.commands';

/**
 * An auditor appointed by motion from outside every network: a claim link by mail, exchanged once for a token that
 * opens the audit routes only. The decider sees only the hashes of the code and the token.
 */
export type AuditorCommand =
  | { type: 'InviteAuditor'; personId: string; motionId: string; claim: IssuedClaim }
  | { type: 'RedeemAuditorClaim'; personId: string; codeHash: string; token: IssuedToken }
  /** The auditor's right to erasure: their details (sealed in the motion) become unreadable, their tokens stop. */
  | { type: 'EraseAuditorData'; personId: string };

export interface AuditorContext {
  now: Date;
  /** The person is an auditor by a carried motion (the `steering-group` stream). */
  appointed: boolean;
  /** Who issues the command, if a person does. */
  issuedBy?: string;
}

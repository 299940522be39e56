import { Gone, NotAllowed, NotFound, WrongState } from '../shared/errors';
import { decideByType, type Decider } from '../shared/decider';
import type { AuditorCommand, AuditorContext } from './auditor.commands';
import type { AuditorEvent } from './auditor.events';

export interface AuditorState {
  /** The one claim link the appointee was mailed, by the hash of its code. */
  claim?: { claimId: string; codeHash: string; expiresAt: string; redeemed: boolean };
  /** Tokens not revoked. */
  tokens: string[];
  erased: boolean;
}

type Command<T extends AuditorCommand['type']> = Extract<AuditorCommand, { type: T }>;

/** Only someone a carried motion appointed is invited, once: the motion was the rule check. */
function inviteAuditor(
  command: Command<'InviteAuditor'>,
  state: AuditorState,
  context: AuditorContext,
): AuditorEvent[] {
  if (!context.appointed) throw new NotAllowed('Only an auditor appointed by a carried motion is invited');
  if (state.claim) throw new WrongState('This auditor has already been invited');
  const { personId, motionId, claim } = command;
  return [{ type: 'AuditorInvited', data: { personId, motionId, ...claim } }];
}

/** The claim link works once, until it expires, as a new network's first coordinator's does. */
function redeemAuditorClaim(
  command: Command<'RedeemAuditorClaim'>,
  state: AuditorState,
  context: AuditorContext,
): AuditorEvent[] {
  const claim = state.claim;
  if (!claim || claim.codeHash !== command.codeHash) throw new NotFound('No such claim link');
  if (claim.redeemed) throw new Gone('This claim link has been used');
  if (context.now.getTime() >= Date.parse(claim.expiresAt)) throw new Gone('This claim link has expired');
  if (!context.appointed) throw new Gone('The person this link was for is no longer an auditor');
  const { personId, token } = command;
  return [
    { type: 'AuditorClaimRedeemed', data: { personId, claimId: claim.claimId } },
    {
      type: 'AuditorTokenIssued',
      data: { personId, tokenId: token.tokenId, tokenHash: token.tokenHash, expiresAt: token.expiresAt },
    },
  ];
}

/** Only the person themselves: an outside auditor belongs to no network whose coordinator could act for them. */
function eraseAuditorData(
  command: Command<'EraseAuditorData'>,
  state: AuditorState,
  context: AuditorContext,
): AuditorEvent[] {
  // Anyone else's, or no one's: the same answer, as for people of another network (API.md).
  if (!state.claim || context.issuedBy !== command.personId) throw new NotFound('No such person');
  if (state.erased) return [];
  const { personId } = command;
  return [
    { type: 'AuditorDataErased', data: { personId } },
    ...state.tokens.map((tokenId): AuditorEvent => ({
      type: 'AuditorTokenRevoked',
      data: { personId, tokenId },
    })),
  ];
}

const decide = decideByType<AuditorCommand, AuditorState, AuditorEvent, AuditorContext>({
  InviteAuditor: inviteAuditor,
  RedeemAuditorClaim: redeemAuditorClaim,
  EraseAuditorData: eraseAuditorData,
});

function evolve(state: AuditorState, event: AuditorEvent): AuditorState {
  switch (event.type) {
    case 'AuditorInvited': {
      const { claimId, codeHash, expiresAt } = event.data;
      return { ...state, claim: { claimId, codeHash, expiresAt, redeemed: false } };
    }
    case 'AuditorClaimRedeemed':
      return { ...state, claim: { ...state.claim!, redeemed: true } };
    case 'AuditorTokenIssued':
      return { ...state, tokens: [...state.tokens, event.data.tokenId] };
    case 'AuditorDataErased':
      return { ...state, erased: true };
    case 'AuditorTokenRevoked':
      return { ...state, tokens: state.tokens.filter((tokenId) => tokenId !== event.data.tokenId) };
  }
}

export const auditorDecider: Decider<AuditorCommand, AuditorState, AuditorEvent, AuditorContext> = {
  initialState: { tokens: [], erased: false },
  decide,
  evolve,
};

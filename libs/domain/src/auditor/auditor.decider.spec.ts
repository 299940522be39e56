import { Gone, NotAllowed, NotFound, WrongState } from '../shared/errors';
import { scenario } from '../testing/given-when-then';
import { auditorDecider } from './auditor.decider';
import type { AuditorEvent } from './auditor.events';

const auditor = scenario(auditorDecider);
const NOW = new Date('2026-11-02T10:00:00.000Z');
const appointed = { now: NOW, appointed: true };
const claim = { claimId: 'c1', codeHash: 'hash-1', expiresAt: '2026-11-09T10:00:00.000Z' };
const invite = { type: 'InviteAuditor', personId: 'a1', motionId: 'm1', claim } as const;
const invited: AuditorEvent = { type: 'AuditorInvited', data: { personId: 'a1', motionId: 'm1', ...claim } };
const token = { tokenId: 't1', tokenHash: 'token-hash', expiresAt: '2027-11-02T10:00:00.000Z' };
const redeem = (codeHash = 'hash-1') =>
  ({ type: 'RedeemAuditorClaim', personId: 'a1', codeHash, token }) as const;

describe('auditor decider (appointed from outside the networks)', () => {
  it('invites an appointed auditor with a claim link, once', () => {
    auditor
      .given([])
      .when(invite, appointed)
      .then([{ type: 'AuditorInvited', data: { personId: 'a1', motionId: 'm1', codeHash: 'hash-1' } }]);
    auditor.given([invited]).when(invite, appointed).thenRefuses(WrongState);
  });

  it('invites no one a carried motion did not appoint', () => {
    auditor.given([]).when(invite, { now: NOW, appointed: false }).thenRefuses(NotAllowed);
  });

  it('exchanges the claim link for a token once', () => {
    const redeemed = auditor
      .given([invited])
      .when(redeem(), appointed)
      .then([
        { type: 'AuditorClaimRedeemed', data: { personId: 'a1', claimId: 'c1' } },
        { type: 'AuditorTokenIssued', data: { personId: 'a1', tokenId: 't1', tokenHash: 'token-hash' } },
      ]);
    auditor
      .given([invited, ...redeemed])
      .when(redeem(), appointed)
      .thenRefuses(Gone, /used/);
  });

  it('refuses an unknown code, and a link past its expiry', () => {
    auditor.given([invited]).when(redeem('other'), appointed).thenRefuses(NotFound);
    auditor.given([]).when(redeem(), appointed).thenRefuses(NotFound);
    auditor
      .given([invited])
      .when(redeem(), { now: new Date(claim.expiresAt), appointed: true })
      .thenRefuses(Gone, /expired/);
  });

  describe('erasing their personal data', () => {
    const redeemed: AuditorEvent[] = [
      invited,
      { type: 'AuditorClaimRedeemed', data: { personId: 'a1', claimId: 'c1' } },
      { type: 'AuditorTokenIssued', data: { personId: 'a1', ...token } },
    ];
    const erase = { type: 'EraseAuditorData', personId: 'a1' } as const;

    it('is for the auditor themselves, and stops their tokens', () => {
      auditor
        .given(redeemed)
        .when(erase, { ...appointed, issuedBy: 'a1' })
        .then([
          { type: 'AuditorDataErased', data: { personId: 'a1' } },
          { type: 'AuditorTokenRevoked', data: { personId: 'a1', tokenId: 't1' } },
        ]);
    });

    it('answers anyone else as for no one', () => {
      auditor
        .given(redeemed)
        .when(erase, { ...appointed, issuedBy: 'someone' })
        .thenRefuses(NotFound);
      auditor
        .given([])
        .when(erase, { ...appointed, issuedBy: 'a1' })
        .thenRefuses(NotFound);
    });

    it('records nothing the second time', () => {
      const erased = auditor
        .given(redeemed)
        .when(erase, { ...appointed, issuedBy: 'a1' })
        .then([{ type: 'AuditorDataErased' }, { type: 'AuditorTokenRevoked' }]);
      auditor
        .given([...redeemed, ...erased])
        .when(erase, { ...appointed, issuedBy: 'a1' })
        .then([]);
    });
  });
});

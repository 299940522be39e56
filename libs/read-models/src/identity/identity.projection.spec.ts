import Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/event-store';
import { eventRecorder } from '../testing/event-recorder';
import { identityProjection, resolveToken } from './identity.projection';

const NOW = new Date('2026-11-23T10:00:00Z');
const event = eventRecorder();

describe('identity projection', () => {
  let db: Database.Database;
  const apply = (...events: RecordedEvent[]) => events.forEach((e) => identityProjection.apply(db, e));

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(identityProjection.schema);
    apply(
      event('NetworkEnrolled', { networkId: 'a', facilitator: false }),
      event('MemberRegistered', { networkId: 'a', personId: 'ann', roles: ['contributor'] }),
      event('AccessTokenIssued', {
        networkId: 'a',
        personId: 'ann',
        tokenId: 't1',
        tokenHash: 'h1',
        expiresAt: '2027-01-01T00:00:00.000Z',
      }),
    );
  });
  afterEach(() => db.close());

  it('resolves a live token to its member', () => {
    expect(resolveToken(db, 'h1', NOW)).toEqual({
      personId: 'ann',
      tokenId: 't1',
      networkId: 'a',
      roles: ['contributor'],
      seat: false,
      auditor: true,
      networkActive: true,
      principlesVersion: null,
    });
    expect(resolveToken(db, 'unknown', NOW)).toBeUndefined();
  });

  it('knows the seat holder and the principles adopted', () => {
    apply(
      event('RepresentativeNominated', { networkId: 'a', personId: 'ann' }),
      event('PrinciplesAdopted', { networkId: 'a', principlesVersion: '2026-1' }),
    );
    expect(resolveToken(db, 'h1', NOW)).toMatchObject({ seat: true, principlesVersion: '2026-1' });
    apply(event('SeatVacated', { networkId: 'a', personId: 'ann' }));
    expect(resolveToken(db, 'h1', NOW)).toMatchObject({ seat: false });
  });

  it('refuses expired and revoked tokens, and removed members', () => {
    expect(resolveToken(db, 'h1', new Date('2027-01-01T00:00:00.000Z'))).toBeUndefined();
    apply(event('AccessTokenRevoked', { networkId: 'a', personId: 'ann', tokenId: 't1' }));
    expect(resolveToken(db, 'h1', NOW)).toBeUndefined();
  });

  it('a removed member is refused even with a live token', () => {
    apply(event('MemberRemoved', { networkId: 'a', personId: 'ann' }));
    expect(resolveToken(db, 'h1', NOW)).toBeUndefined();
  });

  it('a suspended network keeps its members signed in but inactive, without a seat', () => {
    apply(
      event('RepresentativeNominated', { networkId: 'a', personId: 'ann' }),
      event('NetworkSuspended', { networkId: 'a', motionId: 'm1' }),
    );
    expect(resolveToken(db, 'h1', NOW)).toMatchObject({ networkActive: false, seat: false });
  });

  it("counts a departed or suspended network's members as auditors only if a motion appointed them", () => {
    apply(event('NetworkSuspended', { networkId: 'a', motionId: 'm1' }));
    expect(resolveToken(db, 'h1', NOW)).toMatchObject({ auditor: false });
    apply(event('AuditorAppointed', { motionId: 'm2', personId: 'ann' }));
    expect(resolveToken(db, 'h1', NOW)).toMatchObject({ auditor: true, networkActive: false });
  });

  it('resolves the token of an auditor appointed from outside the networks: no network, no roles', () => {
    const issued = event('AuditorTokenIssued', {
      personId: 'ida',
      tokenId: 't9',
      tokenHash: 'h9',
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    apply(event('AuditorAppointed', { motionId: 'm3', personId: 'ida' }), issued);
    expect(resolveToken(db, 'h9', NOW)).toEqual({
      personId: 'ida',
      tokenId: 't9',
      networkId: null,
      roles: [],
      seat: false,
      auditor: true,
      networkActive: false,
      principlesVersion: null,
    });
    expect(resolveToken(db, 'h9', new Date('2027-01-01T00:00:00.000Z'))).toBeUndefined();
    apply(event('AuditorTokenRevoked', { personId: 'ida', tokenId: 't9' }));
    expect(resolveToken(db, 'h9', NOW)).toBeUndefined();
  });
});

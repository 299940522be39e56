import Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/event-store';
import { eventRecorder } from '../testing/event-recorder';
import { listNetworks, networksProjection } from './networks.projection';

const event = eventRecorder();

describe('networks projection', () => {
  let db: Database.Database;
  const apply = (...events: RecordedEvent[]) => events.forEach((e) => networksProjection.apply(db, e));

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(networksProjection.schema);
    apply(
      event('NetworkEnrolled', {
        networkId: 'z',
        name: 'Zeta alliance',
        scope: 'national',
        facilitator: true,
      }),
      event('NetworkEnrolled', {
        networkId: 'a',
        name: 'Alpha alliance',
        scope: 'regional',
        region: 'North West',
        facilitator: false,
      }),
      event('MemberRegistered', {
        networkId: 'a',
        personId: 'ann',
        roles: ['coordinator'],
        personal: { sealed: 'secret' },
      }),
    );
  });
  afterEach(() => db.close());

  it('lists every network by name, with no seat, principles or authorities yet and nothing personal', () => {
    expect(listNetworks(db)).toEqual([
      {
        networkId: 'a',
        name: 'Alpha alliance',
        scope: 'regional',
        region: 'North West',
        status: 'active',
        facilitator: false,
        seat: { filled: false, representative: null },
        principlesVersion: null,
        authorities: [],
      },
      {
        networkId: 'z',
        name: 'Zeta alliance',
        scope: 'national',
        status: 'active',
        facilitator: true,
        seat: { filled: false, representative: null },
        principlesVersion: null,
        authorities: [],
      },
    ]);
  });

  it('follows the seat, the principles adopted and the authorities named', () => {
    apply(
      event('RepresentativeNominated', { networkId: 'a', personId: 'ann' }),
      event('PrinciplesAdopted', { networkId: 'a', principlesVersion: '2026-1', adoptedBy: 'ann' }),
      event('MemberAuthorityAdded', { networkId: 'a', authorityCode: 'leeds' }),
      event('MemberAuthorityAdded', { networkId: 'a', authorityCode: 'york' }),
    );
    expect(listNetworks(db)[0]).toMatchObject({
      seat: { filled: true, representative: 'ann' },
      principlesVersion: '2026-1',
      authorities: ['leeds', 'york'],
    });
    apply(event('SeatVacated', { networkId: 'a', personId: 'ann', reason: 'member-removed' }));
    expect(listNetworks(db)[0].seat).toEqual({ filled: false, representative: null });
  });

  it('shows suspension, reinstatement and departure', () => {
    const status = () => listNetworks(db).find((network) => network.networkId === 'a')!.status;
    apply(event('NetworkSuspended', { networkId: 'a', motionId: 'm1' }));
    expect(status()).toBe('suspended');
    apply(event('NetworkReinstated', { networkId: 'a', motionId: 'm2' }));
    expect(status()).toBe('active');
    apply(event('NetworkLeft', { networkId: 'a', reason: 'merged' }));
    expect(status()).toBe('left');
  });
});

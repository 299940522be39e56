import { Gone, NotAllowed, NotFound, RuleBroken, WrongState } from '../shared/errors';
import { replay } from '../shared/decider';
import { scenario } from '../testing/given-when-then';
import { anActor } from '../testing/actors';
import type { NetworkContext, Role } from './network.commands';
import type { NetworkEvent } from './network.events';
import { MAX_WEBHOOKS, actorIn, filledSeats, networkDecider } from './network.decider';
import * as net from './testing/network-events';
import type { WebhookEventType } from './webhook-events';

const token = { tokenId: 't1', tokenHash: 'f'.repeat(64), expiresAt: '2027-11-23T00:00:00.000Z' };
const as = (
  networkId: string,
  personId: string,
  roles: Role[] = ['coordinator'],
  networkActive = true,
): NetworkContext => ({
  now: new Date('2026-11-23T10:00:00Z'),
  actor: anActor({ personId, networkId, roles, networkActive, facilitator: networkId === 'nht-network' }),
  currentPrinciplesVersion: '2026-1',
  isAuthorityCode: (code) => ['north-yorkshire', 'leeds'].includes(code),
  isWitnessKey: (key) => key.startsWith('witness+'),
});
const nobody = (overrides: Partial<NetworkContext> = {}): NetworkContext => ({
  ...as('x', 'x'),
  actor: undefined,
  ...overrides,
});

const enrolled: NetworkEvent = {
  type: 'NetworkEnrolled',
  data: { networkId: 'a', name: 'Alliance A', scope: 'regional', region: 'North', facilitator: false },
};
const registered = (personId: string, roles: Role[]): NetworkEvent => ({
  type: 'MemberRegistered',
  data: { networkId: 'a', personId, roles, personal: { name: personId, email: `${personId}@example.org` } },
});
const founded = [
  enrolled,
  registered('coord', ['coordinator', 'contributor']),
  registered('bob', ['contributor']),
];
const nominated = (personId: string): NetworkEvent => ({
  type: 'RepresentativeNominated',
  data: { networkId: 'a', personId },
});

const network = scenario(networkDecider);
const enrol = {
  type: 'EnrolNetwork',
  networkId: 'a',
  name: 'Alliance A',
  scope: 'regional',
  region: 'North',
  coordinator: { personId: 'coord', name: 'Cora Ord', email: 'cora@example.org' },
  claim: { claimId: 'c1', codeHash: 'c'.repeat(64), expiresAt: '2026-11-30T10:00:00.000Z' },
} as const;

describe('network decider', () => {
  describe('bootstrap and enrolment', () => {
    it('bootstraps the facilitator network only on an empty store', () => {
      const bootstrap = {
        type: 'BootstrapFacilitator',
        networkId: 'nht-network',
        name: 'National Highways & Transport Network',
        coordinator: enrol.coordinator,
        token,
      } as const;
      network
        .given([])
        .when(bootstrap, nobody({ storeIsEmpty: true }))
        .then([
          { type: 'NetworkEnrolled', data: { facilitator: true } },
          { type: 'MemberRegistered', data: { roles: ['coordinator', 'contributor'] } },
          { type: 'AccessTokenIssued', data: token },
        ]);
      network
        .given([])
        .when(bootstrap, nobody({ storeIsEmpty: false }))
        .thenRefuses(WrongState);
    });

    it("enrols a network with its first coordinator and a claim link, never a token, by the facilitator's coordinator only", () => {
      const events = network
        .given([])
        .when(enrol, as('nht-network', 'facilitator'))
        .then([
          {
            type: 'NetworkEnrolled',
            data: { networkId: 'a', facilitator: false, enrolledBy: 'facilitator' },
          },
          {
            type: 'MemberRegistered',
            data: { personId: 'coord', personal: { name: 'Cora Ord', email: 'cora@example.org' } },
          },
          { type: 'ClaimIssued', data: { personId: 'coord', ...enrol.claim } },
        ]);
      expect(events.map((event) => event.type)).not.toContain('AccessTokenIssued');
      network
        .given([])
        .when(enrol, as('b', 'someone'))
        .thenRefuses(NotAllowed, /facilitator/);
      network
        .given([])
        .when(enrol, as('nht-network', 'contrib', ['contributor']))
        .thenRefuses(NotAllowed);
      network
        .given([])
        .when(enrol, as('nht-network', 'facilitator', ['coordinator'], false))
        .thenRefuses(NotAllowed);
      network.given(founded).when(enrol, as('nht-network', 'facilitator')).thenRefuses(WrongState);
    });
  });

  describe('claim links', () => {
    const NOW = new Date('2026-11-23T10:00:00Z');
    const enrolledWithClaim = network
      .given([])
      .when(enrol, as('nht-network', 'facilitator'))
      .then([{}, {}, {}]);
    const redeem = { type: 'RedeemClaim', networkId: 'a', codeHash: 'c'.repeat(64), token } as const;
    const at = (now: Date) => ({ ...nobody(), now });

    it("exchanges the code for the coordinator's first token, once", () => {
      const redeemed = network
        .given(enrolledWithClaim)
        .when(redeem, at(NOW))
        .then([
          { type: 'ClaimRedeemed', data: { personId: 'coord', claimId: 'c1' } },
          { type: 'AccessTokenIssued', data: { personId: 'coord', tokenHash: token.tokenHash } },
        ]);
      network
        .given([...enrolledWithClaim, ...redeemed])
        .when(redeem, at(NOW))
        .thenRefuses(Gone, /used/);
    });

    it('refuses an unknown code (404) and an expired one (410, after 7 days)', () => {
      network
        .given(enrolledWithClaim)
        .when({ ...redeem, codeHash: 'd'.repeat(64) }, at(NOW))
        .thenRefuses(NotFound);
      network
        .given(enrolledWithClaim)
        .when(redeem, at(new Date(enrol.claim.expiresAt)))
        .thenRefuses(Gone, /expired/);
    });

    it('refuses the link of a coordinator removed meanwhile', () => {
      network
        .given([
          ...enrolledWithClaim,
          {
            type: 'MemberRegistered',
            data: {
              networkId: 'a',
              personId: 'other',
              roles: ['coordinator'],
              personal: { name: 'O', email: 'o@example.org' },
            },
          },
          { type: 'MemberRemoved', data: { networkId: 'a', personId: 'coord' } },
        ])
        .when(redeem, at(NOW))
        .thenRefuses(Gone);
    });
  });

  describe('principles', () => {
    it('the coordinator adopts the current version only', () => {
      network
        .given(founded)
        .when({ type: 'AdoptPrinciples', networkId: 'a', principlesVersion: '2026-1' }, as('a', 'coord'))
        .then([{ type: 'PrinciplesAdopted', data: { principlesVersion: '2026-1' } }]);
      network
        .given(founded)
        .when({ type: 'AdoptPrinciples', networkId: 'a', principlesVersion: '2025-1' }, as('a', 'coord'))
        .thenRefuses(RuleBroken, /current/);
    });

    it('a contributor, or another network, cannot adopt them', () => {
      network
        .given(founded)
        .when(
          { type: 'AdoptPrinciples', networkId: 'a', principlesVersion: '2026-1' },
          as('a', 'bob', ['contributor']),
        )
        .thenRefuses(NotAllowed);
      network
        .given(founded)
        .when({ type: 'AdoptPrinciples', networkId: 'a', principlesVersion: '2026-1' }, as('b', 'coord'))
        .thenRefuses(NotAllowed);
    });
  });

  describe('members', () => {
    it('registers, changes and removes members', () => {
      network
        .given(founded)
        .when(
          {
            type: 'RegisterMember',
            networkId: 'a',
            personId: 'cat',
            roles: ['contributor'],
            personal: { name: 'Cat', email: 'cat@example.org' },
          },
          as('a', 'coord'),
        )
        .then([{ type: 'MemberRegistered', data: { personId: 'cat' } }]);
      network
        .given(founded)
        .when(
          { type: 'ChangeMemberRoles', networkId: 'a', personId: 'bob', roles: ['coordinator'] },
          as('a', 'coord'),
        )
        .then([{ type: 'MemberRolesChanged' }]);
      network
        .given(founded)
        .when({ type: 'RemoveMember', networkId: 'a', personId: 'bob' }, as('a', 'coord'))
        .then([{ type: 'MemberRemoved', data: { personId: 'bob' } }]);
      network
        .given(founded)
        .when({ type: 'RemoveMember', networkId: 'a', personId: 'nobody' }, as('a', 'coord'))
        .thenRefuses(NotFound);
    });

    it('always keeps at least one coordinator', () => {
      network
        .given(founded)
        .when(
          { type: 'ChangeMemberRoles', networkId: 'a', personId: 'coord', roles: ['contributor'] },
          as('a', 'coord'),
        )
        .thenRefuses(RuleBroken, /coordinator/);
      network
        .given(founded)
        .when({ type: 'RemoveMember', networkId: 'a', personId: 'coord' }, as('a', 'coord'))
        .thenRefuses(RuleBroken, /coordinator/);
      // With a second coordinator, the first may step down.
      const two = [
        ...founded,
        {
          type: 'MemberRolesChanged',
          data: { networkId: 'a', personId: 'bob', roles: ['coordinator'] },
        } as NetworkEvent,
      ];
      network
        .given(two)
        .when({ type: 'RemoveMember', networkId: 'a', personId: 'coord' }, as('a', 'bob'))
        .then([{ type: 'MemberRemoved' }]);
    });

    it("another network's coordinator cannot touch this network's members", () => {
      network
        .given(founded)
        .when({ type: 'RemoveMember', networkId: 'a', personId: 'bob' }, as('b', 'coord'))
        .thenRefuses(NotAllowed);
    });
  });

  describe('tokens', () => {
    const issued: NetworkEvent = {
      type: 'AccessTokenIssued',
      data: { networkId: 'a', personId: 'bob', ...token },
    };

    it('the coordinator issues tokens to members only', () => {
      network
        .given(founded)
        .when({ type: 'IssueAccessToken', networkId: 'a', personId: 'bob', token }, as('a', 'coord'))
        .then([issued]);
      network
        .given(founded)
        .when({ type: 'IssueAccessToken', networkId: 'a', personId: 'stranger', token }, as('a', 'coord'))
        .thenRefuses(NotFound);
    });

    it('a token is revoked by the coordinator or its holder, once', () => {
      const revoke = { type: 'RevokeAccessToken', networkId: 'a', personId: 'bob', tokenId: 't1' } as const;
      network
        .given([...founded, issued])
        .when(revoke, as('a', 'bob', ['contributor']))
        .then([{ type: 'AccessTokenRevoked' }]);
      network
        .given([...founded, issued])
        .when(revoke, as('a', 'coord'))
        .then([{ type: 'AccessTokenRevoked' }]);
      network
        .given([...founded, issued, registered('cat', ['contributor'])])
        .when(revoke, as('a', 'cat', ['contributor']))
        .thenRefuses(NotAllowed);
      network
        .given([
          ...founded,
          issued,
          { type: 'AccessTokenRevoked', data: { networkId: 'a', personId: 'bob', tokenId: 't1' } },
        ])
        .when(revoke, as('a', 'coord'))
        .thenRefuses(WrongState);
    });
  });

  describe('the seat', () => {
    it('the representative must be a member', () => {
      network
        .given(founded)
        .when({ type: 'NominateRepresentative', networkId: 'a', personId: 'bob' }, as('a', 'coord'))
        .then([nominated('bob')]);
      network
        .given(founded)
        .when({ type: 'NominateRepresentative', networkId: 'a', personId: 'stranger' }, as('a', 'coord'))
        .thenRefuses(RuleBroken, /member/);
    });

    it('changing the representative replaces the one seat holder', () => {
      network
        .given([...founded, nominated('bob')])
        .when({ type: 'NominateRepresentative', networkId: 'a', personId: 'coord' }, as('a', 'coord'))
        .then([{ type: 'RepresentativeNominated', data: { personId: 'coord', previous: 'bob' } }]);
    });

    it('removing the representative vacates the seat', () => {
      network
        .given([...founded, nominated('bob')])
        .when({ type: 'RemoveMember', networkId: 'a', personId: 'bob' }, as('a', 'coord'))
        .then([
          { type: 'MemberRemoved' },
          { type: 'SeatVacated', data: { personId: 'bob', reason: 'member-removed' } },
        ]);
    });
  });

  describe('authorities and webhooks', () => {
    it('adds authorities from the register only', () => {
      network
        .given(founded)
        .when({ type: 'AddMemberAuthority', networkId: 'a', authorityCode: 'leeds' }, as('a', 'coord'))
        .then([{ type: 'MemberAuthorityAdded' }]);
      network
        .given(founded)
        .when({ type: 'AddMemberAuthority', networkId: 'a', authorityCode: 'atlantis' }, as('a', 'coord'))
        .thenRefuses(RuleBroken, /register/);
    });

    it('registers and removes webhooks', () => {
      const registered: NetworkEvent = {
        type: 'WebhookRegistered',
        data: { networkId: 'a', webhookId: 'w1', url: 'https://example.org/hook', personal: { secret: 's' } },
      };
      network
        .given(founded)
        .when(
          {
            type: 'RegisterWebhook',
            networkId: 'a',
            webhookId: 'w1',
            url: 'https://example.org/hook',
            secret: 's',
          },
          as('a', 'coord'),
        )
        .then([registered]);
      network
        .given([...founded, registered])
        .when({ type: 'RemoveWebhook', networkId: 'a', webhookId: 'w1' }, as('a', 'coord'))
        .then([{ type: 'WebhookRemoved' }]);
      network
        .given(founded)
        .when({ type: 'RemoveWebhook', networkId: 'a', webhookId: 'w1' }, as('a', 'coord'))
        .thenRefuses(NotFound);
    });

    describe('a webhook that keeps failing', () => {
      const registered: NetworkEvent = {
        type: 'WebhookRegistered',
        data: { networkId: 'a', webhookId: 'w1', url: 'https://example.org/hook', personal: { secret: 's' } },
      };
      const disable = { type: 'DisableWebhook', networkId: 'a', webhookId: 'w1' } as const;
      const now = new Date('2026-11-23T10:00:00Z');

      it('is disabled by the delivery worker once its deliveries have failed for three days', () => {
        network
          .given([...founded, registered])
          .when({ ...disable, failingSince: '2026-11-20T10:00:00.000Z' }, nobody({ now }))
          .then([
            {
              type: 'WebhookDisabled',
              data: { networkId: 'a', webhookId: 'w1', failingSince: '2026-11-20T10:00:00.000Z' },
            },
          ]);
      });

      it('is not disabled sooner, nor by a person, nor twice', () => {
        network
          .given([...founded, registered])
          .when({ ...disable, failingSince: '2026-11-20T10:00:01.000Z' }, nobody({ now }))
          .thenRefuses(WrongState, /long enough/);
        network
          .given([...founded, registered])
          .when({ ...disable, failingSince: '2026-11-01T00:00:00.000Z' }, as('a', 'coord'))
          .thenRefuses(NotAllowed);
        const disabled: NetworkEvent = {
          type: 'WebhookDisabled',
          data: { networkId: 'a', webhookId: 'w1', failingSince: '2026-11-01T00:00:00.000Z' },
        };
        network
          .given([...founded, registered, disabled])
          .when({ ...disable, failingSince: '2026-11-01T00:00:00.000Z' }, nobody({ now }))
          .thenRefuses(WrongState, /already/);
      });

      it("is redelivered at its own coordinator's request only, and not once disabled", () => {
        const redeliver = {
          type: 'RedeliverWebhook',
          networkId: 'a',
          webhookId: 'w1',
          deliveryId: 'd1',
        } as const;
        network
          .given([...founded, registered])
          .when(redeliver, as('a', 'coord'))
          .then([
            {
              type: 'WebhookRedeliveryRequested',
              data: { networkId: 'a', webhookId: 'w1', deliveryId: 'd1', requestedBy: 'coord' },
            },
          ]);
        network
          .given([...founded, registered])
          .when(redeliver, as('b', 'other'))
          .thenRefuses(NotAllowed);
        network
          .given([...founded, registered])
          .when({ ...redeliver, webhookId: 'w2' }, as('a', 'coord'))
          .thenRefuses(NotFound);
        network
          .given([
            ...founded,
            registered,
            {
              type: 'WebhookDisabled',
              data: { networkId: 'a', webhookId: 'w1', failingSince: '2026-11-01' },
            },
          ])
          .when(redeliver, as('a', 'coord'))
          .thenRefuses(WrongState, /disabled/);
      });
    });

    it('refuses a URL registered already, and more than MAX_WEBHOOKS', () => {
      const hook = (n: number): NetworkEvent => ({
        type: 'WebhookRegistered',
        data: {
          networkId: 'a',
          webhookId: `w${n}`,
          url: `https://example.org/${n}`,
          personal: { secret: 's' },
        },
      });
      network
        .given([...founded, hook(1)])
        .when(
          {
            type: 'RegisterWebhook',
            networkId: 'a',
            webhookId: 'w2',
            url: 'https://example.org/1',
            secret: 's',
          },
          as('a', 'coord'),
        )
        .thenRefuses(RuleBroken, /already registered/);
      const full = Array.from({ length: MAX_WEBHOOKS }, (_, i) => hook(i));
      network
        .given([...founded, ...full])
        .when(
          {
            type: 'RegisterWebhook',
            networkId: 'a',
            webhookId: 'wx',
            url: 'https://example.org/x',
            secret: 's',
          },
          as('a', 'coord'),
        )
        .thenRefuses(RuleBroken, /at most 10 webhooks/);
      network
        .given([...founded, ...full.slice(1)])
        .when(
          {
            type: 'RegisterWebhook',
            networkId: 'a',
            webhookId: 'wx',
            url: 'https://example.org/x',
            secret: 's',
          },
          as('a', 'coord'),
        )
        .then([{ type: 'WebhookRegistered' }]);
    });

    it('records the types a webhook receives, once each; none, or one webhooks do not carry, is refused', () => {
      const register = (events: string[]) =>
        network.given(founded).when(
          {
            type: 'RegisterWebhook',
            networkId: 'a',
            webhookId: 'w',
            url: 'https://example.org/hook',
            secret: 's',
            events: events as WebhookEventType[],
          },
          as('a', 'coord'),
        );
      register(['practice.published', 'motion.carried', 'practice.published']).then([
        {
          type: 'WebhookRegistered',
          data: {
            networkId: 'a',
            webhookId: 'w',
            url: 'https://example.org/hook',
            events: ['practice.published', 'motion.carried'],
            personal: { secret: 's' },
          },
        },
      ]);
      register([]).thenRefuses(RuleBroken, /at least one type/);
      register(['practice.published', 'network.enrolled']).thenRefuses(RuleBroken, /receive only/);
    });
  });

  describe('erasing personal data', () => {
    const erase = { type: 'ErasePersonalData', personId: 'bob' } as const;
    const erased: NetworkEvent = {
      type: 'PersonalDataErased',
      data: { networkId: 'a', personId: 'bob', erasedBy: 'bob' },
    };

    it('the person themselves or their coordinator, also after removal, once', () => {
      network
        .given(founded)
        .when(erase, as('a', 'bob', ['contributor']))
        .then([erased]);
      network
        .given(founded)
        .when(erase, as('a', 'coord'))
        .then([{ type: 'PersonalDataErased', data: { erasedBy: 'coord' } }]);
      network
        .given([...founded, { type: 'MemberRemoved', data: { networkId: 'a', personId: 'bob' } }])
        .when(erase, as('a', 'coord'))
        .then([{ type: 'PersonalDataErased', data: { personId: 'bob', erasedBy: 'coord' } }]);
      network
        .given([...founded, erased])
        .when(erase, as('a', 'coord'))
        .then([]);
    });

    it("revokes the person's live tokens with their data", () => {
      const issued = (tokenId: string, personId = 'bob'): NetworkEvent => ({
        type: 'AccessTokenIssued',
        data: {
          networkId: 'a',
          personId,
          tokenId,
          tokenHash: 'f'.repeat(64),
          expiresAt: '2027-11-23T00:00:00.000Z',
        },
      });
      const revokedT1: NetworkEvent = {
        type: 'AccessTokenRevoked',
        data: { networkId: 'a', personId: 'bob', tokenId: 't1' },
      };
      network
        .given([...founded, issued('t1'), issued('t2'), issued('t3', 'coord'), revokedT1])
        .when(erase, as('a', 'coord'))
        .then([
          { type: 'PersonalDataErased', data: { personId: 'bob' } },
          { type: 'AccessTokenRevoked', data: { personId: 'bob', tokenId: 't2' } },
        ]);
    });

    it('nobody else', () => {
      network
        .given([...founded, registered('cat', ['contributor'])])
        .when(erase, as('a', 'cat', ['contributor']))
        .thenRefuses(NotAllowed);
      // Another network's coordinator is told what a stranger would be: there is no such person for them.
      network
        .given(founded)
        .when(erase, as('b', 'coord'))
        .thenRefuses(NotFound, /No such person/);
      network
        .given(founded)
        .when({ type: 'ErasePersonalData', personId: 'stranger' }, as('a', 'coord'))
        .thenRefuses(NotFound);
    });
  });

  describe('leaving, suspension', () => {
    it('leaving vacates the seat', () => {
      network
        .given([...founded, nominated('bob')])
        .when({ type: 'LeaveScheme', networkId: 'a', reason: 'merged' }, as('a', 'coord'))
        .then([{ type: 'NetworkLeft' }, { type: 'SeatVacated', data: { reason: 'left-scheme' } }]);
    });

    it('the facilitator cannot leave', () => {
      const facilitator: NetworkEvent = {
        type: 'NetworkEnrolled',
        data: { networkId: 'nht-network', name: 'NHT', scope: 'national', facilitator: true },
      };
      network
        .given([
          facilitator,
          {
            type: 'MemberRegistered',
            data: {
              networkId: 'nht-network',
              personId: 'f',
              roles: ['coordinator'],
              personal: { name: 'F', email: 'f@example.org' },
            },
          },
        ])
        .when({ type: 'LeaveScheme', networkId: 'a', reason: 'x' }, as('nht-network', 'f'))
        .thenRefuses(RuleBroken);
    });

    it('a suspended or departed network cannot act', () => {
      const suspended = [
        ...founded,
        { type: 'NetworkSuspended', data: { networkId: 'a', motionId: 'm1' } } as NetworkEvent,
      ];
      network
        .given(suspended)
        .when(
          {
            type: 'RegisterMember',
            networkId: 'a',
            personId: 'cat',
            roles: ['contributor'],
            personal: { name: 'Cat', email: 'c@example.org' },
          },
          as('a', 'coord'),
        )
        .thenRefuses(NotAllowed, /suspended/);
      const left = [
        ...founded,
        { type: 'NetworkLeft', data: { networkId: 'a', reason: 'x' } } as NetworkEvent,
      ];
      network
        .given(left)
        .when({ type: 'AdoptPrinciples', networkId: 'a', principlesVersion: '2026-1' }, as('a', 'coord'))
        .thenRefuses(NotAllowed, /departed/);
    });

    it('suspension and reinstatement follow carried motions, in order', () => {
      network
        .given(founded)
        .when({ type: 'SuspendNetwork', networkId: 'a', motionId: 'm1' }, nobody())
        .then([{ type: 'NetworkSuspended', data: { motionId: 'm1' } }]);
      network
        .given(founded)
        .when({ type: 'ReinstateNetwork', networkId: 'a', motionId: 'm2' }, nobody())
        .thenRefuses(WrongState);
      const suspended = [
        ...founded,
        { type: 'NetworkSuspended', data: { networkId: 'a', motionId: 'm1' } } as NetworkEvent,
      ];
      network
        .given(suspended)
        .when({ type: 'ReinstateNetwork', networkId: 'a', motionId: 'm2' }, nobody())
        .then([{ type: 'NetworkReinstated' }]);
    });
  });

  describe('witness key', () => {
    const registerKey = (publicKey: string) =>
      ({ type: 'RegisterWitnessKey', networkId: 'a', publicKey }) as const;
    const keyed = (publicKey: string): NetworkEvent => ({
      type: 'WitnessKeyRegistered',
      data: { networkId: 'a', publicKey, registeredBy: 'coord' },
    });

    it('the coordinator registers the key its witness co-signs with, replacing any earlier one', () => {
      network
        .given(founded)
        .when(registerKey('witness+1'), as('a', 'coord'))
        .then([
          {
            type: 'WitnessKeyRegistered',
            data: { networkId: 'a', publicKey: 'witness+1', registeredBy: 'coord' },
          },
        ]);
      network
        .given([...founded, keyed('witness+1')])
        .when(registerKey('witness+2'), as('a', 'coord'))
        .then([{ type: 'WitnessKeyRegistered', data: { publicKey: 'witness+2' } }]);
      expect(replay(networkDecider, [...founded, keyed('witness+1'), keyed('witness+2')]).witnessKey).toBe(
        'witness+2',
      );
    });

    it('refuses what is not a witness key', () => {
      network
        .given(founded)
        .when(registerKey('not a key'), as('a', 'coord'))
        .thenRefuses(RuleBroken, /Ed25519/);
    });

    it("only the network's own coordinator, while the network is active", () => {
      network
        .given(founded)
        .when(registerKey('witness+1'), as('a', 'bob', ['contributor']))
        .thenRefuses(NotAllowed);
      network.given(founded).when(registerKey('witness+1'), as('b', 'coord')).thenRefuses(NotAllowed);
      network
        .given([...founded, net.suspended('a')])
        .when(registerKey('witness+1'), as('a', 'coord'))
        .thenRefuses(NotAllowed, /suspended/);
    });
  });

  describe('automatic publication', () => {
    const setTo = (enabled: boolean) =>
      ({ type: 'SetAutomaticPublication', networkId: 'a', enabled }) as const;
    const optedIn: NetworkEvent = {
      type: 'AutomaticPublicationSet',
      data: { networkId: 'a', enabled: true, setBy: 'coord' },
    };

    it('the coordinator opts the network in to publication on approval, and out again', () => {
      network
        .given(founded)
        .when(setTo(true), as('a', 'coord'))
        .then([{ type: 'AutomaticPublicationSet', data: { networkId: 'a', enabled: true, setBy: 'coord' } }]);
      expect(replay(networkDecider, [...founded, optedIn]).publishesOnApproval).toBe(true);
      network
        .given([...founded, optedIn])
        .when(setTo(false), as('a', 'coord'))
        .then([{ type: 'AutomaticPublicationSet', data: { enabled: false } }]);
    });

    it("only the network's own coordinator, while the network is active", () => {
      network
        .given(founded)
        .when(setTo(true), as('a', 'bob', ['contributor']))
        .thenRefuses(NotAllowed);
      network.given(founded).when(setTo(true), as('b', 'coord')).thenRefuses(NotAllowed);
      network
        .given([...founded, net.suspended('a')])
        .when(setTo(true), as('a', 'coord'))
        .thenRefuses(NotAllowed, /suspended/);
    });

    it('setting what is already set is refused', () => {
      network
        .given(founded)
        .when(setTo(false), as('a', 'coord'))
        .thenRefuses(WrongState, /already off/);
      network
        .given([...founded, optedIn])
        .when(setTo(true), as('a', 'coord'))
        .thenRefuses(WrongState, /already on/);
    });
  });

  describe('actorIn: a person as the rules see them, folded from their network', () => {
    const actor = (events: NetworkEvent[], personId: string, currentPrinciples = '2026-1') =>
      actorIn(replay(networkDecider, events), personId, currentPrinciples);
    const vacated = (personId: string, reason: 'member-removed' | 'left-scheme'): NetworkEvent => ({
      type: 'SeatVacated',
      data: { networkId: 'a', personId, reason },
    });

    it('a removed member has no roles and no seat, and can no longer act', () => {
      const twoCoordinators = [...founded, registered('dee', ['coordinator']), nominated('dee')];
      const afterRemoval = [...twoCoordinators, net.removed('a', 'dee'), vacated('dee', 'member-removed')];
      expect(actor(twoCoordinators, 'dee')).toMatchObject({ roles: ['coordinator'], seat: true });
      expect(actor(afterRemoval, 'dee')).toMatchObject({ roles: [], seat: false });
      network
        .given(afterRemoval)
        .when(
          {
            type: 'RegisterMember',
            networkId: 'a',
            personId: 'eve',
            roles: [],
            personal: { name: 'Eve', email: 'e@example.org' },
          },
          { ...nobody(), actor: actor(afterRemoval, 'dee') },
        )
        .thenRefuses(NotAllowed, /coordinators/);
    });

    it("a suspended or departed network's representative holds no seat, and the network is not active", () => {
      const seated = [...founded, nominated('bob')];
      expect(actor(seated, 'bob')).toMatchObject({ networkActive: true, seat: true });
      expect(actor([...seated, net.suspended('a')], 'bob')).toMatchObject({
        networkActive: false,
        seat: false,
      });
      const departed = [
        ...seated,
        { type: 'NetworkLeft', data: { networkId: 'a', reason: 'x' } } as NetworkEvent,
      ];
      expect(actor(departed, 'bob')).toMatchObject({ networkActive: false, seat: false });
    });

    it('has adopted the principles only if its network adopted the version in force', () => {
      expect(actor(founded, 'bob').principlesAdopted).toBe(false);
      const adopted2025 = [...founded, net.adopted('a', '2025-1')];
      expect(actor(adopted2025, 'bob', '2025-1').principlesAdopted).toBe(true);
      expect(actor(adopted2025, 'bob', '2026-1').principlesAdopted).toBe(false);
    });

    it("knows the facilitator from its own stream, and only the facilitator's coordinator enrols networks", () => {
      const facilitatorNetwork = [
        net.enrolled('nht-network', true),
        net.registered('nht-network', 'f', ['coordinator']),
      ];
      const facilitator = actor(facilitatorNetwork, 'f');
      expect(facilitator).toMatchObject({ networkId: 'nht-network', facilitator: true });
      network
        .given([])
        .when(enrol, { ...nobody(), actor: facilitator })
        .then([
          { type: 'NetworkEnrolled', data: { enrolledBy: 'f' } },
          { type: 'MemberRegistered' },
          { type: 'ClaimIssued' },
        ]);
      // A coordinator of another network is not the facilitator, whatever the network is called.
      const lookalike = [net.enrolled('nht-network'), net.registered('nht-network', 'f', ['coordinator'])];
      expect(actor(lookalike, 'f').facilitator).toBe(false);
      network
        .given([])
        .when(enrol, { ...nobody(), actor: actor(lookalike, 'f') })
        .thenRefuses(NotAllowed, /facilitator/);
    });
  });

  describe('filledSeats: the seats majorities and quorum caps are counted over', () => {
    it("counts active networks with a representative: not a suspended or departed network's seat", () => {
      const networks = [
        net.networkState(...net.seated('a')),
        net.networkState(...net.seated('b'), net.suspended('b')),
        net.networkState(...net.seated('c'), ...net.left('c')),
        net.networkState(...net.seated('d')),
      ];
      expect(filledSeats(networks)).toEqual(['a', 'd']);
    });

    it('does not count a network without a representative', () => {
      const unseated = net.networkState(
        net.enrolled('b'),
        net.registered('b', 'b-coordinator', ['coordinator']),
      );
      expect(filledSeats([net.networkState(...net.seated('a')), unseated])).toEqual(['a']);
    });
  });
});

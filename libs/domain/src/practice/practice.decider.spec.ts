import { ConflictOfInterest, NotAllowed, NotFound, RuleBroken, WrongState } from '../shared/errors';
import { replay } from '../shared/decider';
import { scenario } from '../testing/given-when-then';
import { anActor } from '../testing/actors';
import { actorIn, filledSeats } from '../network/network.decider';
import * as net from '../network/testing/network-events';
import type { PracticeContent, PracticeContext } from './practice.commands';
import type { NetworkEvent } from '../network/network.events';
import type { PracticeEvent } from './practice.events';
import { practiceDecider } from './practice.decider';

const NOW = new Date('2026-11-23T10:00:00Z');
const content: PracticeContent = {
  title: 'Winter service route optimisation',
  summary: 'Fewer gritting routes, same coverage',
  body: '# How we did it',
  themes: ['winter-service'],
  authorities: ['north-yorkshire'],
  links: [],
  attachments: [],
  contact: { name: 'Ann Example', email: 'ann@example.org' },
};
const { contact, ...publicContent } = content;

/** A contributor of network A (the owner), and seat holders of B, C and D. */
function contributorOf(
  networkId: string,
  overrides: Partial<NonNullable<PracticeContext['actor']>> = {},
): PracticeContext {
  return {
    now: NOW,
    actor: anActor({ personId: `${networkId}-contributor`, networkId, ...overrides }),
    policy: { version: 1, quorum: 2, reviewWindowDays: 14, updateIntervalDays: 90 },
    seatedNetworks: ['a', 'b', 'c', 'd'],
  };
}
function seatOf(networkId: string, overrides: Partial<PracticeContext> = {}): PracticeContext {
  const base = contributorOf(networkId, { personId: `${networkId}-rep`, roles: ['contributor'], seat: true });
  return { ...base, ...overrides };
}
const system = (overrides: Partial<PracticeContext> = {}): PracticeContext => ({
  ...contributorOf('a'),
  actor: undefined,
  ...overrides,
});

const submitted: PracticeEvent = {
  type: 'PracticeSubmitted',
  data: {
    practiceId: 'p1',
    networkId: 'a',
    submittedBy: 'a-contributor',
    version: 1,
    round: 1,
    openedAt: NOW.toISOString(),
    content: publicContent,
    personal: { contact },
  },
};
const revised: PracticeEvent = {
  type: 'PracticeRevised',
  data: {
    practiceId: 'p1',
    version: 2,
    round: 2,
    openedAt: NOW.toISOString(),
    revisedBy: 'a-contributor',
    content: publicContent,
    personal: { contact },
  },
};
const review = (
  networkId: string,
  verdict: 'approve' | 'request_changes' | 'reject',
  round = 1,
): PracticeEvent => ({
  type: 'ReviewRecorded',
  data: { practiceId: 'p1', round, verdict, comment: '', networkId, personId: `${networkId}-rep` },
});
const approved: PracticeEvent = {
  type: 'PracticeApproved',
  data: {
    practiceId: 'p1',
    version: 1,
    round: 1,
    approvedBy: 'quorum',
    approvals: ['b', 'c'],
    policyVersion: 1,
    quorum: 2,
  },
};
const published: PracticeEvent = {
  type: 'PracticePublished',
  data: { practiceId: 'p1', version: 1, publishedBy: 'a-contributor' },
};

const practice = scenario(practiceDecider);
const reviewCommand = (verdict: 'approve' | 'request_changes' | 'reject', round = 1) =>
  ({ type: 'ReviewPractice', practiceId: 'p1', round, verdict, comment: '' }) as const;

describe('practice decider', () => {
  describe('SubmitPractice', () => {
    const submit = { type: 'SubmitPractice', practiceId: 'p1', contactId: 'k1', content } as const;

    it('records version 1, round 1, with the contact apart as personal data', () => {
      const [event] = practice.given([]).when(submit, contributorOf('a')).then([submitted]);
      expect(event.data).not.toHaveProperty('content.contact');
    });

    it('is refused until the network has adopted the current principles', () => {
      practice
        .given([])
        .when(submit, contributorOf('a', { principlesAdopted: false }))
        .thenRefuses(RuleBroken, /principles/);
    });

    it('needs the contributor role', () => {
      practice
        .given([])
        .when(submit, contributorOf('a', { roles: ['coordinator'] }))
        .thenRefuses(NotAllowed);
    });

    it('is refused to a suspended or departed network', () => {
      practice
        .given([])
        .when(submit, contributorOf('a', { networkActive: false }))
        .thenRefuses(NotAllowed, /suspended/);
    });

    it('cannot submit the same practice twice', () => {
      practice.given([submitted]).when(submit, contributorOf('a')).thenRefuses(WrongState);
    });
  });

  describe('ReviewPractice', () => {
    it('records a review and moves the item into review', () => {
      practice
        .given([submitted])
        .when(reviewCommand('approve'), seatOf('b'))
        .then([review('b', 'approve')]);
      const state = [submitted, review('b', 'approve')].reduce(
        practiceDecider.evolve,
        practiceDecider.initialState,
      );
      expect(state.status).toBe('in_review');
    });

    it("refuses a review from the submitting network's own representative (conflict of interest)", () => {
      practice.given([submitted]).when(reviewCommand('approve'), seatOf('a')).thenRefuses(ConflictOfInterest);
    });

    it('refuses a member who does not hold a seat', () => {
      practice
        .given([submitted])
        .when(reviewCommand('approve'), contributorOf('b'))
        .thenRefuses(NotAllowed, /seat/);
    });

    it('allows one review per seat per round: each network has one voice', () => {
      practice
        .given([submitted, review('b', 'approve')])
        .when(reviewCommand('reject'), seatOf('b'))
        .thenRefuses(RuleBroken, /already/);
    });

    it('a newly nominated representative of a network that has reviewed cannot review again in that round', () => {
      // Reviews are one per network per round, not per person: a new seat holder inherits the network's voice.
      const b = net.networkState(
        ...net.seated('b'),
        net.registered('b', 'b-new-rep', ['contributor']),
        net.nominated('b', 'b-new-rep'),
      );
      const newRepresentative = { ...seatOf('b'), actor: actorIn(b, 'b-new-rep', net.PRINCIPLES) };
      expect(newRepresentative.actor.seat).toBe(true);
      practice
        .given([submitted, review('b', 'approve')])
        .when(reviewCommand('reject'), newRepresentative)
        .thenBreaks('one-review-per-seat');
    });

    it('refuses a review for another round', () => {
      practice
        .given([submitted])
        .when(reviewCommand('approve', 2), seatOf('b'))
        .thenRefuses(WrongState, /round/);
    });

    it('approves when approvals reach the quorum, recording why and under which policy', () => {
      practice
        .given([submitted, review('b', 'approve')])
        .when(reviewCommand('approve'), seatOf('c'))
        .then([
          review('c', 'approve'),
          {
            type: 'PracticeApproved',
            data: { approvedBy: 'quorum', approvals: ['b', 'c'], policyVersion: 1, quorum: 2, version: 1 },
          },
        ]);
    });

    it('does not approve below quorum', () => {
      practice
        .given([submitted])
        .when(reviewCommand('approve'), seatOf('b'))
        .then([review('b', 'approve')]);
    });

    it('caps the quorum at the eligible seats (other networks with filled seats), at least 1', () => {
      const twoSeats = seatOf('b', {
        seatedNetworks: ['a', 'b'],
        policy: { version: 2, quorum: 3, reviewWindowDays: 14, updateIntervalDays: 90 },
      });
      practice
        .given([submitted])
        .when(reviewCommand('approve'), twoSeats)
        .then([review('b', 'approve'), { type: 'PracticeApproved', data: { quorum: 1 } }]);
    });

    it('rejects when rejections reach the quorum', () => {
      practice
        .given([submitted, review('b', 'reject')])
        .when(reviewCommand('reject'), seatOf('c'))
        .then([
          review('c', 'reject'),
          { type: 'PracticeRejected', data: { rejections: ['b', 'c'], quorum: 2 } },
        ]);
    });

    it('a request for changes ends the round at once', () => {
      practice
        .given([submitted])
        .when(reviewCommand('request_changes'), seatOf('b'))
        .then([review('b', 'request_changes'), { type: 'ChangesRequested' }]);
    });

    it('cannot review an approved, published or withdrawn item', () => {
      for (const past of [
        [submitted, approved],
        [submitted, approved, published],
      ]) {
        practice.given(past).when(reviewCommand('approve'), seatOf('d')).thenRefuses(WrongState);
      }
    });

    it('refuses a seat holder of a suspended network', () => {
      const suspended = seatOf('b');
      suspended.actor!.networkActive = false;
      practice
        .given([submitted])
        .when(reviewCommand('approve'), suspended)
        .thenRefuses(NotAllowed, /suspended/);
    });

    it('a practice that does not exist is not found', () => {
      practice.given([]).when(reviewCommand('approve'), seatOf('b')).thenRefuses(NotFound);
    });
  });

  describe('RevisePractice', () => {
    const revise = (basedOnVersion: number) =>
      ({ type: 'RevisePractice', practiceId: 'p1', contactId: 'k2', basedOnVersion, content }) as const;

    it('starts version 2 in round 2, and earlier reviews no longer count', () => {
      practice
        .given([
          submitted,
          review('b', 'request_changes'),
          { type: 'ChangesRequested', data: { practiceId: 'p1', round: 1 } },
        ])
        .when(revise(1), contributorOf('a'))
        .then([
          {
            type: 'PracticeRevised',
            data: { version: 2, round: 2, content: publicContent, personal: { contact } },
          },
        ]);

      // B reviewed round 1; in round 2 its seat may review again, and B's old approval does not count towards quorum.
      practice
        .given([submitted, review('b', 'approve'), revised])
        .when(reviewCommand('approve', 2), seatOf('c'))
        .then([review('c', 'approve', 2)]);
    });

    it('reopens the round as in_review, and the seats review the new version', () => {
      const changesRequested: PracticeEvent[] = [
        submitted,
        review('b', 'request_changes'),
        { type: 'ChangesRequested', data: { practiceId: 'p1', round: 1 } },
      ];
      const [revised] = practice
        .given(changesRequested)
        .when(revise(1), contributorOf('a'))
        .then([{ type: 'PracticeRevised' }]);
      const reopened = [...changesRequested, revised];
      expect(replay(practiceDecider, reopened)).toMatchObject({ status: 'in_review', version: 2, round: 2 });
      const [again] = practice
        .given(reopened)
        .when(reviewCommand('approve', 2), seatOf('b'))
        .then([review('b', 'approve', 2)]);
      practice
        .given([...reopened, again])
        .when(reviewCommand('approve', 2), seatOf('c'))
        .then([
          review('c', 'approve', 2),
          { type: 'PracticeApproved', data: { version: 2, round: 2, approvals: ['b', 'c'] } },
        ]);
    });

    it('a published item stays published while its revision is reviewed', () => {
      const state = [submitted, approved, published, revised].reduce(
        practiceDecider.evolve,
        practiceDecider.initialState,
      );
      expect(state).toMatchObject({ status: 'in_review', version: 2, round: 2, publishedVersion: 1 });
    });

    it('refuses a revision based on an old version', () => {
      practice
        .given([submitted])
        .when(revise(0), contributorOf('a'))
        .thenRefuses(WrongState, /version/);
    });

    it('refuses another network', () => {
      practice.given([submitted]).when(revise(1), contributorOf('b')).thenRefuses(NotAllowed);
    });

    it('cannot revise withdrawn or rejected material', () => {
      practice
        .given([
          submitted,
          {
            type: 'PracticeWithdrawn',
            data: { practiceId: 'p1', reason: 'x', withdrawnBy: 'a-contributor' },
          },
        ])
        .when(revise(1), contributorOf('a'))
        .thenRefuses(WrongState);
      practice
        .given([
          submitted,
          {
            type: 'PracticeRejected',
            data: {
              practiceId: 'p1',
              version: 1,
              round: 1,
              rejections: ['b', 'c'],
              policyVersion: 1,
              quorum: 2,
            },
          },
        ])
        .when(revise(1), contributorOf('a'))
        .thenRefuses(WrongState);
    });
  });

  describe('PublishPractice', () => {
    const publish = { type: 'PublishPractice', practiceId: 'p1' } as const;

    it('publishes approved material', () => {
      practice.given([submitted, approved]).when(publish, contributorOf('a')).then([published]);
    });

    it('publishes only when approved', () => {
      practice
        .given([submitted, review('b', 'approve')])
        .when(publish, contributorOf('a'))
        .thenRefuses(WrongState, /approved/);
      practice
        .given([submitted, approved, published])
        .when(publish, contributorOf('a'))
        .thenRefuses(WrongState);
    });

    it("refuses another network's contributor", () => {
      practice.given([submitted, approved]).when(publish, contributorOf('b')).thenRefuses(NotAllowed);
    });
  });

  describe('PublishAutomatically', () => {
    const publishAutomatically = { type: 'PublishAutomatically', practiceId: 'p1' } as const;
    const optedIn = system({ ownerPublishesOnApproval: true });

    it('publishes approved material of a network that opted in, as published on approval', () => {
      const [event] = practice
        .given([submitted, approved])
        .when(publishAutomatically, optedIn)
        .then([{ type: 'PracticePublished', data: { practiceId: 'p1', version: 1, onApproval: true } }]);
      expect(event.data).not.toHaveProperty('publishedBy');
      expect(replay(practiceDecider, [submitted, approved, event])).toMatchObject({
        status: 'published',
        publishedVersion: 1,
      });
    });

    it("is refused without the owner network's opt-in", () => {
      practice
        .given([submitted, approved])
        .when(publishAutomatically, system())
        .thenBreaks('publish-on-approval');
      practice
        .given([submitted, approved])
        .when(publishAutomatically, system({ ownerPublishesOnApproval: false }))
        .thenBreaks('publish-on-approval');
    });

    it('publishes only approved material', () => {
      practice
        .given([submitted, review('b', 'approve')])
        .when(publishAutomatically, optedIn)
        .thenRefuses(WrongState, /approved/);
      practice
        .given([submitted, approved, published])
        .when(publishAutomatically, optedIn)
        .thenRefuses(WrongState, /approved/);
    });
  });

  describe('WithdrawPractice and RetirePractice', () => {
    const withdraw = { type: 'WithdrawPractice', practiceId: 'p1', reason: 'superseded' } as const;
    const retire = {
      type: 'RetirePractice',
      practiceId: 'p1',
      reason: 'out of date',
      motionId: 'm1',
    } as const;
    const withdrawn: PracticeEvent = {
      type: 'PracticeWithdrawn',
      data: { practiceId: 'p1', reason: 'superseded', withdrawnBy: 'a-contributor' },
    };

    it('the owner network withdraws its material, once', () => {
      practice.given([submitted, approved, published]).when(withdraw, contributorOf('a')).then([withdrawn]);
      practice.given([submitted, withdrawn]).when(withdraw, contributorOf('a')).thenRefuses(WrongState);
      practice.given([submitted]).when(withdraw, contributorOf('c')).thenRefuses(NotAllowed);
    });

    it('a carried motion retires material, naming the motion', () => {
      practice
        .given([submitted, approved, published])
        .when(retire, system())
        .then([{ type: 'PracticeRetired', data: { motionId: 'm1', reason: 'out of date' } }]);
      practice.given([submitted, withdrawn]).when(retire, system()).thenRefuses(WrongState);
    });
  });

  describe('EraseContact', () => {
    const withContact: PracticeEvent = {
      ...submitted,
      data: { ...submitted.data, contactId: 'k1' },
    } as PracticeEvent;
    const revisedWithContact = { ...revised, data: { ...revised.data, contactId: 'k2' } } as PracticeEvent;
    const erase = { type: 'EraseContact', practiceId: 'p1' } as const;

    it("the owner network's members erase every version's contact, once", () => {
      const [erased] = practice
        .given([withContact, revisedWithContact])
        .when(erase, contributorOf('a'))
        .then([{ type: 'ContactErased', data: { contactIds: ['k1', 'k2'], erasedBy: 'a-contributor' } }]);
      practice.given([withContact, revisedWithContact, erased]).when(erase, contributorOf('a')).then([]);
    });

    it('the erasure of a person takes the contacts they gave, and only theirs', () => {
      const theirs = { type: 'EraseContact', practiceId: 'p1', of: 'a-contributor' } as const;
      practice
        .given([withContact, revisedWithContact])
        .when(theirs, system({ personForgotten: true }))
        .then([{ type: 'ContactErased', data: { contactIds: ['k1', 'k2'], forgotten: 'a-contributor' } }]);
      practice
        .given([withContact])
        .when({ ...theirs, of: 'someone-else' }, system({ personForgotten: true }))
        .then([]);
      // Not while the person is still remembered, and never at a member's request.
      practice
        .given([withContact])
        .when(theirs, system({ personForgotten: false }))
        .thenRefuses(NotAllowed);
      practice
        .given([withContact])
        .when(theirs, { ...contributorOf('a'), personForgotten: true })
        .thenRefuses(NotAllowed);
    });

    it('nobody else, and nothing to erase for material recorded before contacts had keys of their own', () => {
      practice.given([withContact]).when(erase, seatOf('b')).thenRefuses(NotAllowed);
      practice.given([withContact]).when(erase, system()).thenRefuses(NotAllowed);
      practice.given([submitted]).when(erase, contributorOf('a')).then([]);
    });
  });

  describe('ConcludeLazyConsensus', () => {
    const conclude = { type: 'ConcludeLazyConsensus', practiceId: 'p1' } as const;
    const lazy = (days: number) =>
      system({
        policy: {
          version: 3,
          quorum: 2,
          reviewWindowDays: 14,
          lazyConsensusDays: 10,
          updateIntervalDays: 90,
        },
        now: new Date(NOW.getTime() + days * 86_400_000),
      });

    it('approves material with an approval and no objection once the round has been open long enough', () => {
      practice
        .given([submitted, review('b', 'approve')])
        .when(conclude, lazy(10))
        .then([
          {
            type: 'PracticeApproved',
            data: { approvedBy: 'lazy-consensus', approvals: ['b'], policyVersion: 3 },
          },
        ]);
    });

    it('waits until the deadline', () => {
      practice
        .given([submitted, review('b', 'approve')])
        .when(conclude, lazy(9))
        .thenRefuses(RuleBroken, /open 10 days/);
    });

    it('needs at least one approval, and any objection ends it', () => {
      practice
        .given([submitted])
        .when(conclude, lazy(20))
        .thenRefuses(RuleBroken, /approval/);
      practice
        .given([submitted, review('b', 'approve'), review('c', 'reject')])
        .when(conclude, lazy(20))
        .thenRefuses(RuleBroken, /objection/);
      practice
        .given([
          submitted,
          review('b', 'request_changes'),
          { type: 'ChangesRequested', data: { practiceId: 'p1', round: 1 } },
        ])
        .when(conclude, lazy(20))
        .thenRefuses(WrongState);
    });

    it('only applies when the policy enables it', () => {
      practice
        .given([submitted, review('b', 'approve')])
        .when(conclude, system({ now: new Date(NOW.getTime() + 100 * 86_400_000) }))
        .thenRefuses(RuleBroken, /no lazy consensus/);
    });
  });

  describe('with the actor and seats folded from the network streams', () => {
    it("does not count a suspended network's seat towards the quorum cap", () => {
      // B and C could review A's material; C is suspended, so one approval meets the capped quorum of 1.
      const networks = [
        net.networkState(...net.seated('a')),
        net.networkState(...net.seated('b')),
        net.networkState(...net.seated('c'), net.suspended('c')),
      ];
      const context: PracticeContext = {
        ...seatOf('b'),
        actor: actorIn(networks[1], 'b-rep', net.PRINCIPLES),
        seatedNetworks: filledSeats(networks),
      };
      practice
        .given([submitted])
        .when(reviewCommand('approve'), context)
        .then([review('b', 'approve'), { type: 'PracticeApproved', data: { approvals: ['b'], quorum: 1 } }]);
    });

    it('a network holding an older principles version cannot submit', () => {
      const submit = { type: 'SubmitPractice', practiceId: 'p1', contactId: 'k1', content } as const;
      const asOf = (...events: NetworkEvent[]): PracticeContext => ({
        ...contributorOf('a'),
        actor: actorIn(net.networkState(...events), 'a-contributor', '2026-1'),
      });
      const member = [net.enrolled('a'), net.registered('a', 'a-contributor', ['contributor'])];
      practice
        .given([])
        .when(submit, asOf(...member, net.adopted('a', '2025-1')))
        .thenBreaks('principles-adopted');
      practice
        .given([])
        .when(submit, asOf(...member, net.adopted('a', '2025-1'), net.adopted('a', '2026-1')))
        .then([submitted]);
    });
  });
});

import { WrongState } from '../shared/errors';
import { replay } from '../shared/decider';
import { scenario } from '../testing/given-when-then';
import { DEFAULT_APPROVAL_POLICY, steeringGroupDecider } from './steering-group.decider';
import type { SteeringGroupEvent } from './steering-group.events';

const steeringGroup = scenario(steeringGroupDecider);

describe('steering group decider', () => {
  it('starts from the default approval policy: quorum 2, review window 14 days, updates every 90 days', () => {
    expect(steeringGroupDecider.initialState.policy).toEqual({
      version: 1,
      quorum: 2,
      reviewWindowDays: 14,
      updateIntervalDays: 90,
    });
  });

  it('each carried policy change makes a new policy version', () => {
    const [first] = steeringGroup
      .given([])
      .when({ type: 'ChangeApprovalPolicy', motionId: 'm1', quorum: 3, reviewWindowDays: 21 }, undefined)
      .then([{ type: 'ApprovalPolicyChanged', data: { version: 2, quorum: 3, reviewWindowDays: 21 } }]);
    steeringGroup
      .given([first])
      .when(
        {
          type: 'ChangeApprovalPolicy',
          motionId: 'm2',
          quorum: 2,
          reviewWindowDays: 14,
          lazyConsensusDays: 30,
        },
        undefined,
      )
      .then([{ type: 'ApprovalPolicyChanged', data: { version: 3, lazyConsensusDays: 30 } }]);
    expect(replay(steeringGroupDecider, [first]).policy).toEqual({
      version: 2,
      quorum: 3,
      reviewWindowDays: 21,
      lazyConsensusDays: undefined,
      updateIntervalDays: 90,
    });
    expect(DEFAULT_APPROVAL_POLICY.version).toBe(1);
  });

  describe('the update interval (days without a submission before a network is flagged)', () => {
    const change = (motionId: string, updateIntervalDays?: number) =>
      ({
        type: 'ChangeApprovalPolicy',
        motionId,
        quorum: 2,
        reviewWindowDays: 14,
        updateIntervalDays,
      }) as const;

    it('is set by a policy change that names it', () => {
      const [changed] = steeringGroup
        .given([])
        .when(change('m1', 30), undefined)
        .then([{ type: 'ApprovalPolicyChanged', data: { version: 2, updateIntervalDays: 30 } }]);
      expect(replay(steeringGroupDecider, [changed]).policy.updateIntervalDays).toBe(30);
    });

    it('is kept from the policy in force by a change that does not name it', () => {
      const [to60] = steeringGroup
        .given([])
        .when(change('m1', 60), undefined)
        .then([{ type: 'ApprovalPolicyChanged' }]);
      const [changed] = steeringGroup
        .given([to60])
        .when(change('m2'), undefined)
        .then([{ type: 'ApprovalPolicyChanged', data: { version: 3, updateIntervalDays: 60 } }]);
      expect(replay(steeringGroupDecider, [to60, changed]).policy.updateIntervalDays).toBe(60);
    });

    it('is kept when replaying a change recorded before the interval could be changed', () => {
      const recordedEarlier: SteeringGroupEvent = {
        type: 'ApprovalPolicyChanged',
        data: { motionId: 'm0', version: 3, quorum: 3, reviewWindowDays: 14 },
      };
      const [to60] = steeringGroup
        .given([])
        .when(change('m1', 60), undefined)
        .then([{ type: 'ApprovalPolicyChanged' }]);
      expect(replay(steeringGroupDecider, [to60, recordedEarlier]).policy).toMatchObject({
        version: 3,
        quorum: 3,
        updateIntervalDays: 60,
      });
    });
  });

  it('sets the collection priorities for a period', () => {
    const [set] = steeringGroup
      .given([])
      .when(
        {
          type: 'SetCollectionPriorities',
          motionId: 'm1',
          period: '2027',
          themes: ['drainage', 'winter-service'],
        },
        undefined,
      )
      .then([{ type: 'CollectionPrioritiesSet' }]);
    expect(replay(steeringGroupDecider, [set]).priorities).toEqual({
      period: '2027',
      themes: ['drainage', 'winter-service'],
    });
  });

  it('applies each motion once, however often its decision is delivered', () => {
    const [set] = steeringGroup
      .given([])
      .when(
        { type: 'SetCollectionPriorities', motionId: 'm1', period: '2027', themes: ['drainage'] },
        undefined,
      )
      .then([{ type: 'CollectionPrioritiesSet' }]);
    steeringGroup
      .given([set])
      .when(
        { type: 'SetCollectionPriorities', motionId: 'm1', period: '2027', themes: ['drainage'] },
        undefined,
      )
      .thenRefuses(WrongState, /already applied/);
  });

  it('appoints an auditor once', () => {
    const [appointed] = steeringGroup
      .given([])
      .when({ type: 'AppointAuditor', motionId: 'm1', personId: 'p1' }, undefined)
      .then([{ type: 'AuditorAppointed' }]);
    steeringGroup
      .given([appointed])
      .when({ type: 'AppointAuditor', motionId: 'm2', personId: 'p1' }, undefined)
      .thenRefuses(WrongState);
  });

  describe('the witness quorum (networks whose witnesses must co-sign a checkpoint)', () => {
    const setQuorum = (motionId: string, witnesses: number) =>
      ({ type: 'SetWitnessQuorum', motionId, witnesses }) as const;

    it('is none until a motion sets it', () => {
      expect(steeringGroupDecider.initialState.witnessQuorum).toBe(0);
    });

    it('is set by a carried motion, and a later one replaces it', () => {
      const [two] = steeringGroup
        .given([])
        .when(setQuorum('m1', 2), undefined)
        .then([{ type: 'WitnessQuorumSet', data: { motionId: 'm1', witnesses: 2 } }]);
      const [one] = steeringGroup
        .given([two])
        .when(setQuorum('m2', 1), undefined)
        .then([{ type: 'WitnessQuorumSet', data: { motionId: 'm2', witnesses: 1 } }]);
      expect(replay(steeringGroupDecider, [two]).witnessQuorum).toBe(2);
      expect(replay(steeringGroupDecider, [two, one]).witnessQuorum).toBe(1);
    });

    it('is applied once per motion', () => {
      const [set] = steeringGroup
        .given([])
        .when(setQuorum('m1', 2), undefined)
        .then([{ type: 'WitnessQuorumSet' }]);
      steeringGroup
        .given([set])
        .when(setQuorum('m1', 2), undefined)
        .thenRefuses(WrongState, /already applied/);
    });
  });
});

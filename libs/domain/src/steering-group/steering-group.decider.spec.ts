import { WrongState } from '../shared/errors';
import { replay } from '../shared/decider';
import { scenario } from '../testing/given-when-then';
import { DEFAULT_APPROVAL_POLICY, steeringGroupDecider } from './steering-group.decider';

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
});

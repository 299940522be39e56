import { WrongState } from '../shared/errors';
import type { Decider } from '../shared/decider';
import type { ApprovalPolicy } from '../practice/practice.commands';
import type { SteeringGroupCommand } from './steering-group.commands';
import type { SteeringGroupEvent } from './steering-group.events';

export interface SteeringGroupState {
  /** Version 1 is the default policy of DESIGN §3; each carried change adds one. */
  policy: ApprovalPolicy;
  priorities?: { period: string; themes: string[] };
  auditors: string[];
  /** How many networks' witnesses must co-sign a checkpoint for it to count as witnessed. */
  witnessQuorum: number;
  /** Motions already applied here: the policy that applies them may deliver one twice after a restart. */
  appliedMotions: string[];
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  version: 1,
  quorum: 2,
  reviewWindowDays: 14,
  updateIntervalDays: 90,
};

const initialState: SteeringGroupState = {
  policy: DEFAULT_APPROVAL_POLICY,
  auditors: [],
  // None until a motion asks for some: a checkpoint signed by the log alone is what the service had before.
  witnessQuorum: 0,
  appliedMotions: [],
};

function decide(command: SteeringGroupCommand, state: SteeringGroupState): SteeringGroupEvent[] {
  if (state.appliedMotions.includes(command.motionId))
    throw new WrongState(`Motion ${command.motionId} is already applied`);
  switch (command.type) {
    case 'SetCollectionPriorities':
      return [
        {
          type: 'CollectionPrioritiesSet',
          data: { motionId: command.motionId, period: command.period, themes: command.themes },
        },
      ];
    case 'ChangeApprovalPolicy': {
      const { motionId, quorum, reviewWindowDays, lazyConsensusDays } = command;
      const updateIntervalDays = command.updateIntervalDays ?? state.policy.updateIntervalDays;
      const version = state.policy.version + 1;
      return [
        {
          type: 'ApprovalPolicyChanged',
          data: { motionId, version, quorum, reviewWindowDays, lazyConsensusDays, updateIntervalDays },
        },
      ];
    }
    case 'AppointAuditor':
      if (state.auditors.includes(command.personId))
        throw new WrongState('This person is already an auditor');
      return [{ type: 'AuditorAppointed', data: { motionId: command.motionId, personId: command.personId } }];
    case 'SetWitnessQuorum':
      return [
        { type: 'WitnessQuorumSet', data: { motionId: command.motionId, witnesses: command.witnesses } },
      ];
  }
}

function evolve(current: SteeringGroupState, event: SteeringGroupEvent): SteeringGroupState {
  const state = { ...current, appliedMotions: [...current.appliedMotions, event.data.motionId] };
  switch (event.type) {
    case 'CollectionPrioritiesSet':
      return { ...state, priorities: { period: event.data.period, themes: event.data.themes } };
    case 'ApprovalPolicyChanged': {
      const { version, quorum, reviewWindowDays, lazyConsensusDays } = event.data;
      const updateIntervalDays = event.data.updateIntervalDays ?? state.policy.updateIntervalDays;
      return {
        ...state,
        policy: { version, quorum, reviewWindowDays, lazyConsensusDays, updateIntervalDays },
      };
    }
    case 'AuditorAppointed':
      return { ...state, auditors: [...state.auditors, event.data.personId] };
    case 'WitnessQuorumSet':
      return { ...state, witnessQuorum: event.data.witnesses };
  }
}

export const steeringGroupDecider: Decider<
  SteeringGroupCommand,
  SteeringGroupState,
  SteeringGroupEvent,
  unknown
> = {
  initialState,
  decide: (command, state) => decide(command, state),
  evolve,
};

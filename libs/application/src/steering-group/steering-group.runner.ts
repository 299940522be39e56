import {
  SteeringGroupCommand,
  steeringGroupDecider,
  SteeringGroupEvent,
  SteeringGroupState,
} from '@app/domain';
import { defineRunner } from '../command-runner';

/** What carried motions decide for the whole scheme: priorities, the approval policy, auditors, the witness quorum. */
export const steeringGroupRunner = defineRunner<
  SteeringGroupCommand,
  SteeringGroupState,
  SteeringGroupEvent,
  unknown
>({
  commands: {
    SetCollectionPriorities: true,
    ChangeApprovalPolicy: true,
    AppointAuditor: true,
    SetWitnessQuorum: true,
  },
  stream: () => 'steering-group',
  decider: steeringGroupDecider,
  // Applied from carried motions: the motion's votes were the rule check, and the decider refuses a second delivery.
  context: async () => undefined,
});

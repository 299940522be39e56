import { DomainCommand } from '../run-command';
import type { MotionDecision } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { Policy } from './policy';

/**
 * Carries out what a carried motion decided, as a command of its own on the stream it concerns, so the log shows
 * each change with the motion that caused it.
 */
export class ApplyCarriedMotionsPolicy extends Policy {
  readonly name = 'apply-carried-motions';

  commandsFor(event: RecordedEvent): DomainCommand[] {
    if (event.type !== 'MotionCarried') return [];
    const { motionId, ...decision } = event.data as { motionId: string } & MotionDecision;
    switch (decision.kind) {
      case 'set-priorities':
        return [{ type: 'SetCollectionPriorities', motionId, ...decision.payload }];
      case 'change-approval-policy':
        return [{ type: 'ChangeApprovalPolicy', motionId, ...decision.payload }];
      case 'appoint-auditor':
        return [{ type: 'AppointAuditor', motionId, personId: decision.payload.personId }];
      case 'retire-practice':
        return [{ type: 'RetirePractice', motionId, ...decision.payload }];
      case 'suspend-network':
        return [{ type: 'SuspendNetwork', motionId, networkId: decision.payload.networkId }];
      case 'reinstate-network':
        return [{ type: 'ReinstateNetwork', motionId, networkId: decision.payload.networkId }];
      case 'set-witness-quorum':
        return [{ type: 'SetWitnessQuorum', motionId, witnesses: decision.payload.witnesses }];
    }
  }
}

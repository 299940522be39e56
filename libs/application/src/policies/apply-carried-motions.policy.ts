import type { MotionDecision } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { newClaim } from '../identity/claim-link';
import { Policy, PolicyCommand } from './policy';

/**
 * Carries out what a carried motion decided, as a command of its own on the stream it concerns, so the log shows
 * each change with the motion that caused it.
 */
export class ApplyCarriedMotionsPolicy extends Policy {
  readonly name = 'apply-carried-motions';

  commandsFor(event: RecordedEvent): PolicyCommand[] {
    if (event.type !== 'MotionCarried') return [];
    const { motionId, ...decision } = event.data as { motionId: string } & MotionDecision;
    switch (decision.kind) {
      case 'set-priorities':
        return [{ type: 'SetCollectionPriorities', motionId, ...decision.payload }];
      case 'change-approval-policy':
        return [{ type: 'ChangeApprovalPolicy', motionId, ...decision.payload }];
      case 'appoint-auditor': {
        const { personId, outside } = decision.payload;
        const appoint = { type: 'AppointAuditor', motionId, personId } as const;
        if (!outside) return [appoint];
        // Once appointed, someone in no network is mailed a claim link for a token of their own.
        const { code, claim } = newClaim(
          { auditorId: personId },
          `${motionId}:claim`,
          new Date(event.metadata.occurredAt as string),
        );
        return [
          appoint,
          { command: { type: 'InviteAuditor', personId, motionId, claim }, secrets: { code } },
        ];
      }
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

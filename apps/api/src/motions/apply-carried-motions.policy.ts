import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock, CommandEnvelope, decideAndAppend, Reactor } from '@app/application';
import {
  DEFAULT_APPROVAL_POLICY,
  DomainError,
  MotionDecision,
  networkDecider,
  practiceDecider,
  steeringGroupDecider,
} from '@app/domain';
import { EventStore, RecordedEvent } from '@app/event-store';

/**
 * Carries out what a carried motion decided, as a command of its own on the stream it concerns, so the log shows
 * each change with the motion that caused it. A decision that no longer applies (the practice was withdrawn
 * meanwhile, the network already suspended) is logged and passed over.
 */
@Injectable()
export class ApplyCarriedMotionsPolicy implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApplyCarriedMotionsPolicy.name);
  readonly reactor: Reactor;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.reactor = new Reactor(
      store,
      join(config.dataDir, 'reactors.sqlite'),
      'apply-carried-motions',
      (event) => this.react(event),
    );
  }

  onApplicationBootstrap(): void {
    this.reactor.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reactor.close();
  }

  private async react(event: RecordedEvent): Promise<void> {
    if (event.type !== 'MotionCarried') return;
    const { motionId, ...decision } = event.data as { motionId: string } & MotionDecision;
    const envelope: CommandEnvelope = {
      commandId: `apply-${motionId}`,
      causationId: event.id,
      correlationId: String(event.metadata.correlationId ?? event.id),
    };
    try {
      await this.apply(motionId, decision, envelope);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`Motion ${motionId} (${decision.kind}) was not applied: ${error.message}`);
    }
  }

  private apply(motionId: string, decision: MotionDecision, envelope: CommandEnvelope) {
    const now = this.clock.now();
    const options = { now };
    switch (decision.kind) {
      case 'set-priorities':
        return decideAndAppend(
          this.store,
          'steering-group',
          steeringGroupDecider,
          { type: 'SetCollectionPriorities', motionId, ...decision.payload },
          undefined,
          envelope,
          options,
        );
      case 'change-approval-policy':
        return decideAndAppend(
          this.store,
          'steering-group',
          steeringGroupDecider,
          { type: 'ChangeApprovalPolicy', motionId, ...decision.payload },
          undefined,
          envelope,
          options,
        );
      case 'appoint-auditor':
        return decideAndAppend(
          this.store,
          'steering-group',
          steeringGroupDecider,
          { type: 'AppointAuditor', motionId, personId: decision.payload.personId },
          undefined,
          envelope,
          options,
        );
      case 'retire-practice': {
        const { practiceId, reason } = decision.payload;
        const context = { now, policy: DEFAULT_APPROVAL_POLICY, seatedNetworks: [] };
        return decideAndAppend(
          this.store,
          `practice-${practiceId}`,
          practiceDecider,
          { type: 'RetirePractice', practiceId, reason, motionId },
          context,
          envelope,
          options,
        );
      }
      case 'suspend-network':
      case 'reinstate-network': {
        const type = decision.kind === 'suspend-network' ? 'SuspendNetwork' : 'ReinstateNetwork';
        const context = {
          now,
          facilitatorNetworkId: '',
          currentPrinciplesVersion: '',
          isAuthorityCode: () => false,
        };
        return decideAndAppend(
          this.store,
          `network-${decision.payload.networkId}`,
          networkDecider,
          { type, motionId },
          context,
          envelope,
          options,
        );
      }
    }
  }
}

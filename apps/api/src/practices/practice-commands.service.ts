import { Injectable } from '@nestjs/common';
import { Clock, decideAndAppend, PersonalData } from '@app/application';
import {
  PracticeCommand,
  practiceDecider,
  replay,
  RuleBroken,
  SteeringGroupEvent,
  steeringGroupDecider,
} from '@app/domain';
import { EventStore, StreamNotFoundError } from '@app/event-store';
import type { ResolvedActor } from '@app/read-models';
import { NetworkFacts } from '../networks/network-facts.service';

/** What every practice command handler does: gather the cross-stream facts, decide against the practice, append. */
@Injectable()
export class PracticeCommands {
  constructor(
    private readonly store: EventStore,
    private readonly personalData: PersonalData,
    private readonly clock: Clock,
    private readonly networks: NetworkFacts,
  ) {}

  /** The approval policy in force, from the Steering Group's stream. */
  async approvalPolicy() {
    try {
      const events = await this.store.readStream('steering-group');
      return replay(
        steeringGroupDecider,
        events.map(({ type, data }) => ({ type, data }) as SteeringGroupEvent),
      ).policy;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return steeringGroupDecider.initialState.policy;
      throw error;
    }
  }

  /** `actor` is absent for scheduled commands, which no person issues. */
  async run(
    practiceId: string,
    command: PracticeCommand,
    actor: ResolvedActor | undefined,
    commandId: string,
  ) {
    if ('content' in command && command.content.attachments.length > 0) {
      // Submissions may only reference stored blobs, and the blob store (POST /attachments) is not built yet.
      throw new RuleBroken(
        'attachment-stored',
        'Attachments must be uploaded with POST /attachments first, which is not available yet',
      );
    }
    const now = this.clock.now();
    const [actingMember, policy, seatedNetworks] = await Promise.all([
      actor && this.networks.actingMember(actor),
      this.approvalPolicy(),
      this.networks.seatedNetworks(),
    ]);
    const { events, position, revision } = await decideAndAppend(
      this.store,
      `practice-${practiceId}`,
      practiceDecider,
      command,
      {
        now,
        actor: actingMember,
        policy,
        seatedNetworks,
      },
      { commandId, actor: actor && { personId: actor.personId, networkId: actor.networkId } },
      { now, personalData: this.personalData },
    );
    return { events, position: Number(position), revision: Number(revision) };
  }
}

import { Injectable } from '@nestjs/common';
import { Clock, decideAndAppend } from '@app/application';
import { MotionCommand, motionDecider } from '@app/domain';
import { EventStore } from '@app/event-store';
import type { ResolvedActor } from '@app/read-models';
import { NetworkFacts } from '../networks/network-facts.service';

/** What every motion command handler does: seat facts from the network streams, decide, append. */
@Injectable()
export class MotionCommands {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly networks: NetworkFacts,
  ) {}

  /** `actor` is absent for scheduled commands, which no person issues. */
  async run(motionId: string, command: MotionCommand, actor: ResolvedActor | undefined, commandId: string) {
    const now = this.clock.now();
    const [actingMember, filledSeats] = await Promise.all([
      actor && this.networks.actingMember(actor),
      this.networks.seatedNetworks(),
    ]);
    const { position } = await decideAndAppend(
      this.store,
      `motion-${motionId}`,
      motionDecider,
      command,
      {
        now,
        actor: actingMember,
        filledSeats,
      },
      { commandId, actor: actor && { personId: actor.personId, networkId: actor.networkId } },
      { now },
    );
    return { position: Number(position) };
  }
}

import { Injectable } from '@nestjs/common';
import { foldStream } from '@app/application';
import { networkDecider, NetworkState } from '@app/domain';
import { EventStore } from '@app/event-store';
import { ProjectionRunner, ResolvedActor, statement } from '@app/read-models';
import { CURRENT_PRINCIPLES } from '@app/reference-data';

/** Facts about networks that other aggregates' rules need, read from the network streams that own them. */
@Injectable()
export class NetworkFacts {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  async stateOf(networkId: string): Promise<NetworkState> {
    return (await foldStream(this.store, `network-${networkId}`, networkDecider)).state;
  }

  /** The actor as the rules see them: roles, seat and standing read from their network's stream, not a view. */
  async actingMember(actor: ResolvedActor) {
    const network = await this.stateOf(actor.networkId);
    const networkActive = network.status === 'active';
    return {
      personId: actor.personId,
      networkId: actor.networkId,
      roles: network.members[actor.personId]?.roles ?? [],
      networkActive,
      principlesAdopted: network.principlesVersion === CURRENT_PRINCIPLES.version,
      seat: networkActive && network.representative === actor.personId,
    };
  }

  /** Networks that are active and whose seat is filled. The list of networks comes from the identity view. */
  async seatedNetworks(): Promise<string[]> {
    const ids = statement(
      this.runner.database,
      'SELECT network_id FROM identity_networks ORDER BY network_id',
    )
      .pluck()
      .all() as string[];
    const states = await Promise.all(ids.map((id) => this.stateOf(id)));
    return ids.filter(
      (_, index) => states[index].status === 'active' && states[index].representative !== undefined,
    );
  }
}

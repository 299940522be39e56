import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock, decideAndAppend, PersonalData } from '@app/application';
import { NetworkCommand, networkDecider, NetworkEvent } from '@app/domain';
import { EventStore } from '@app/event-store';
import { AuthorityRegister, CURRENT_PRINCIPLES } from '@app/reference-data';
import type { ResolvedActor } from '@app/read-models';

/** What every network command handler does: decide against the network's stream and the rules' context, append. */
@Injectable()
export class NetworkCommands {
  constructor(
    private readonly store: EventStore,
    private readonly personalData: PersonalData,
    private readonly clock: Clock,
    private readonly authorities: AuthorityRegister,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(networkId: string, command: NetworkCommand, actor: ResolvedActor, commandId: string) {
    const now = this.clock.now();
    const { events, position } = await decideAndAppend(
      this.store,
      `network-${networkId}`,
      networkDecider,
      command,
      {
        now,
        actor: {
          personId: actor.personId,
          networkId: actor.networkId,
          roles: actor.roles,
          networkActive: actor.networkActive,
        },
        facilitatorNetworkId: this.config.facilitatorNetworkId,
        currentPrinciplesVersion: CURRENT_PRINCIPLES.version,
        isAuthorityCode: (code) => this.authorities.has(code),
      },
      { commandId, actor: { personId: actor.personId, networkId: actor.networkId } },
      { now, personalData: this.personalData },
    );
    return { events: events as NetworkEvent[], position: Number(position), now };
  }
}

import { Injectable } from '@nestjs/common';
import { FORGOTTEN, PersonalData, SealedPersonal, StreamFacts } from '@app/application';
import { NotFound } from '@app/domain';
import { EventStore } from '@app/event-store';
import { listNetworks, NetworkSummary, ProjectionRunner, ResolvedActor } from '@app/read-models';

/**
 * `GET /networks` and `GET /networks/{id}`: networks as members see them; a network's members (with names) only
 * for its own members.
 */
@Injectable()
export class NetworkView {
  constructor(
    private readonly facts: StreamFacts,
    private readonly store: EventStore,
    private readonly personalData: PersonalData,
    private readonly runner: ProjectionRunner,
  ) {}

  /** Every enrolled network from the read model, without members. */
  list(): NetworkSummary[] {
    return listNetworks(this.runner.database);
  }

  async view(networkId: string, actor: ResolvedActor) {
    const state = await this.facts.network(networkId);
    if (state.status === 'none') throw new NotFound('No such network');
    const summary: NetworkSummary = {
      networkId,
      ...state.profile!,
      status: state.status,
      facilitator: state.facilitator,
      seat: { filled: state.representative !== undefined, representative: state.representative ?? null },
      principlesVersion: state.principlesVersion ?? null,
      authorities: state.authorities,
    };
    if (actor.networkId !== networkId) return summary;
    return { ...summary, members: await this.members(networkId, state.members) };
  }

  /** Names and e-mail addresses from the encrypted personal parts; a forgotten person reads as forgotten. */
  private async members(networkId: string, members: Record<string, { roles: string[] }>) {
    const registrations = (await this.store.readStream(`network-${networkId}`)).filter(
      (event) => event.type === 'MemberRegistered',
    );
    return Promise.all(
      Object.entries(members).map(async ([personId, { roles }]) => {
        const registration = registrations.find(
          (event) => (event.data as { personId: string }).personId === personId,
        )!;
        const personal = await this.personalData.open<{ name: string; email: string }>(
          (registration.data as { personal: SealedPersonal }).personal,
        );
        return { personId, roles, ...(personal === FORGOTTEN ? { forgotten: true } : personal) };
      }),
    );
  }
}

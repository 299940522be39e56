import { filledSeats, NetworkEvent, networkDecider, NetworkState, NotFound } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { LogFold } from '../log-fold';

/**
 * Every network's state, folded from the network streams' events as `$all` delivers them: the networks that exist,
 * the seats that are filled, whose network a person belongs to. Decisions that span networks (seats, erasure) ask
 * it, never a read model.
 */
export class NetworkDirectory extends LogFold {
  private readonly networks = new Map<string, NetworkState>();
  private readonly people = new Map<string, string>();

  /** Networks whose seat counts: active, with a representative. */
  async filledSeats(): Promise<string[]> {
    await this.catchUp();
    return filledSeats(this.networks.values());
  }

  /** Whether the person's personal data has been erased. */
  async isForgotten(personId: string): Promise<boolean> {
    const networkId = await this.networkOf(personId);
    return this.networks.get(networkId)!.erased.includes(personId);
  }

  /** The network a person was registered in (removed members included: their data can still be erased). */
  async networkOf(personId: string): Promise<string> {
    await this.catchUp();
    const networkId = this.people.get(personId);
    if (!networkId) throw new NotFound('No such person');
    return networkId;
  }

  protected apply({ stream, type, data }: RecordedEvent): void {
    if (!stream.startsWith('network-')) return;
    const event = { type, data } as NetworkEvent;
    const { networkId } = event.data;
    this.networks.set(
      networkId,
      networkDecider.evolve(this.networks.get(networkId) ?? networkDecider.initialState, event),
    );
    if (event.type === 'MemberRegistered') this.people.set(event.data.personId, networkId);
  }
}

import { filledSeats, NetworkEvent, networkDecider, NetworkState, NotFound } from '@app/domain';
import { EventStore, readAllInPages } from '@app/event-store';

/**
 * Every network's state, folded from the network streams' events as `$all` delivers them: the networks that exist,
 * the seats that are filled, whose network a person belongs to. Decisions that span networks (seats, erasure) ask
 * it, never a read model. Each question first catches up with the log's head, so it is as fresh as reading each
 * stream; the fold is kept, so catching up reads only what was written since.
 */
export class NetworkDirectory {
  private readonly networks = new Map<string, NetworkState>();
  private readonly people = new Map<string, string>();
  /** The position of the last event folded: the next catch-up reads from there on. */
  private last: bigint | undefined;
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

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

  /** Catch-ups run one after another, each reading to the head as it is when it starts. */
  private catchUp(): Promise<void> {
    // A failed read (the store unavailable) fails its callers only; the next question tries again.
    this.catchingUp = this.catchingUp.catch(() => undefined).then(() => this.readToHead());
    return this.catchingUp;
  }

  private async readToHead(): Promise<void> {
    // Paged from the last event seen, which is read again and passed over: EventStoreDB positions are offsets.
    for await (const page of readAllInPages(this.store, { fromPosition: this.last ?? 'start' })) {
      for (const event of page) {
        if (this.last !== undefined && event.position <= this.last) continue;
        if (event.stream.startsWith('network-'))
          this.apply({ type: event.type, data: event.data } as NetworkEvent);
        this.last = event.position;
      }
    }
  }

  private apply(event: NetworkEvent): void {
    const { networkId } = event.data;
    this.networks.set(
      networkId,
      networkDecider.evolve(this.networks.get(networkId) ?? networkDecider.initialState, event),
    );
    if (event.type === 'MemberRegistered') this.people.set(event.data.personId, networkId);
  }
}

import { filledSeats, NetworkEvent, networkDecider, NetworkState, NotFound } from '@app/domain';
import { EventStore } from '@app/event-store';

/** Events read from `$all` per request while catching up. */
const PAGE = 1000;

/**
 * Every network's state, folded from the network streams' events as `$all` delivers them: the networks that exist,
 * the seats that are filled, whose network a person belongs to. Decisions that span networks (seats, erasure) ask
 * it, never a read model. Each question first catches up with the log's head, so it is as fresh as reading each
 * stream; the fold is kept, so catching up reads only what was written since.
 */
export class NetworkDirectory {
  private readonly networks = new Map<string, NetworkState>();
  private readonly people = new Map<string, string>();
  private next: bigint | 'start' = 'start';
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

  /** Networks whose seat counts: active, with a representative. */
  async filledSeats(): Promise<string[]> {
    await this.catchUp();
    return filledSeats(this.networks.values());
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
    for (;;) {
      const events = await this.store.readAll({ fromPosition: this.next, maxCount: PAGE });
      for (const event of events) {
        if (event.stream.startsWith('network-'))
          this.apply({ type: event.type, data: event.data } as NetworkEvent);
        this.next = event.position + 1n;
      }
      if (events.length < PAGE) return;
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

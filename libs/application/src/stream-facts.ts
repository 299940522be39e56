import {
  Actor,
  actorIn,
  ApprovalPolicy,
  networkDecider,
  NetworkState,
  reportsDecider,
  ReportsState,
  steeringGroupDecider,
  SteeringGroupState,
} from '@app/domain';
import { EventStore } from '@app/event-store';
import { CURRENT_PRINCIPLES } from '@app/reference-data';
import type { CommandMeta } from './decide-and-append';
import { foldStream } from './folded-streams';
import { NetworkDirectory } from './network/network-directory';

/**
 * The facts a context loader may use: every one read from event streams (folded, and kept between commands),
 * never from a read model, so a decision depends only on the log.
 */
export class StreamFacts {
  constructor(
    private readonly store: EventStore,
    private readonly directory: NetworkDirectory,
  ) {}

  /** The whole log, for facts that span every stream (a quarter's report). */
  get log(): EventStore {
    return this.store;
  }

  async network(networkId: string): Promise<NetworkState> {
    return (await foldStream(this.store, `network-${networkId}`, networkDecider)).state;
  }

  /** The person issuing the command as the rules see them, from their network's stream; none for time or policies. */
  async actor(issuedBy: CommandMeta['issuedBy']): Promise<Actor | undefined> {
    if (!issuedBy) return undefined;
    const { personId, networkId } = issuedBy;
    return actorIn(await this.network(networkId), personId, CURRENT_PRINCIPLES.version);
  }

  /** Networks whose seats are filled and whose networks are active. */
  filledSeats(): Promise<string[]> {
    return this.directory.filledSeats();
  }

  networkOf(personId: string): Promise<string> {
    return this.directory.networkOf(personId);
  }

  isForgotten(personId: string): Promise<boolean> {
    return this.directory.isForgotten(personId);
  }

  async steeringGroup(): Promise<SteeringGroupState> {
    return (await foldStream(this.store, 'steering-group', steeringGroupDecider)).state;
  }

  /** The approval policy in force, as carried motions set it. */
  async policy(): Promise<ApprovalPolicy> {
    return (await this.steeringGroup()).policy;
  }

  /** The quarters whose progress reports are issued. */
  async reports(): Promise<ReportsState> {
    return (await foldStream(this.store, 'reports', reportsDecider)).state;
  }

  /** When the first event was recorded; undefined for an empty log. */
  async logBegan(): Promise<string | undefined> {
    const [first] = await this.store.readAll({ maxCount: 1 });
    return first?.metadata.occurredAt as string | undefined;
  }

  async storeIsEmpty(): Promise<boolean> {
    return (await this.store.headPosition()) === -1n;
  }
}

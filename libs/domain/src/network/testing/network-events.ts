import { replay } from '../../shared/decider';
import type { Role } from '../network.commands';
import { networkDecider, type NetworkState } from '../network.decider';
import type { NetworkEvent } from '../network.events';

// Events of a network's stream, for specs of the rules that read networks: actors and seats.

/** The principles version in force in these specs. */
export const PRINCIPLES = '2026-1';

export const enrolled = (networkId: string, facilitator = false): NetworkEvent => ({
  type: 'NetworkEnrolled',
  data: { networkId, name: `Network ${networkId}`, scope: 'regional', facilitator },
});

export const registered = (networkId: string, personId: string, roles: Role[]): NetworkEvent => ({
  type: 'MemberRegistered',
  data: { networkId, personId, roles, personal: { name: personId, email: `${personId}@example.org` } },
});

export const removed = (networkId: string, personId: string): NetworkEvent => ({
  type: 'MemberRemoved',
  data: { networkId, personId },
});

export const adopted = (networkId: string, principlesVersion = PRINCIPLES): NetworkEvent => ({
  type: 'PrinciplesAdopted',
  data: { networkId, principlesVersion, adoptedBy: `${networkId}-coordinator` },
});

export const nominated = (networkId: string, personId: string): NetworkEvent => ({
  type: 'RepresentativeNominated',
  data: { networkId, personId },
});

export const suspended = (networkId: string): NetworkEvent => ({
  type: 'NetworkSuspended',
  data: { networkId, motionId: `suspend-${networkId}` },
});

/** Leaving as the decider records it: the network leaves and its seat is vacated. */
export const left = (networkId: string): NetworkEvent[] => [
  { type: 'NetworkLeft', data: { networkId, reason: 'merged' } },
  { type: 'SeatVacated', data: { networkId, personId: `${networkId}-rep`, reason: 'left-scheme' } },
];

/**
 * An enrolled network that adopted the current principles, with a coordinator, a contributor
 * (`<id>-contributor`) and its representative (`<id>-rep`) in the seat.
 */
export const seated = (networkId: string): NetworkEvent[] => [
  enrolled(networkId),
  registered(networkId, `${networkId}-coordinator`, ['coordinator']),
  registered(networkId, `${networkId}-contributor`, ['contributor']),
  registered(networkId, `${networkId}-rep`, ['contributor']),
  adopted(networkId),
  nominated(networkId, `${networkId}-rep`),
];

export const networkState = (...events: NetworkEvent[]): NetworkState => replay(networkDecider, events);

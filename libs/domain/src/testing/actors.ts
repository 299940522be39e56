import type { Actor } from '../shared/actor';

/** An active member as the rules see them; specs override what their rule is about. */
export function anActor(overrides: Partial<Actor> & Pick<Actor, 'personId' | 'networkId'>): Actor {
  return {
    roles: ['contributor'],
    networkActive: true,
    facilitator: false,
    principlesAdopted: true,
    seat: false,
    ...overrides,
  };
}

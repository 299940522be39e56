/** A typed event as deciders produce it; the application layer adds ids and metadata when appending. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

/** The three pure functions of an aggregate: no I/O, no clock; time and cross-stream facts arrive as arguments. */
export interface Decider<C, S, E, X> {
  initialState: S;
  decide(command: C, state: S, context: X): E[];
  evolve(state: S, event: E): S;
}

/** Folds past events into the state a command is decided against. */
export function replay<S, E>(decider: { initialState: S; evolve(state: S, event: E): S }, events: E[]): S {
  return events.reduce(decider.evolve, decider.initialState);
}

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

/** One function per command type: a command type left without one does not compile. */
export type CommandHandlers<C extends { type: string }, S, E, X> = {
  [T in C['type']]: (command: Extract<C, { type: T }>, state: S, context: X) => E[];
};

/** A `decide` that hands each command to the function for its type. */
export function decideByType<C extends { type: string }, S, E, X>(
  handlers: CommandHandlers<C, S, E, X>,
): Decider<C, S, E, X>['decide'] {
  return (command, state, context) => {
    // TypeScript cannot correlate the command with its handler's parameter type; the mapped type above guarantees it.
    const handler = handlers[command.type as C['type']] as (command: C, state: S, context: X) => E[];
    return handler(command, state, context);
  };
}

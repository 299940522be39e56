/** How a command ended: appended (or answered as a retry), refused by a domain rule, or failed otherwise. */
export type CommandOutcome = 'ok' | 'refused' | 'error';

/** What the write side reports for operators to watch; the API wires an adapter, other processes may not. */
export abstract class Metrics {
  abstract commandRan(type: string, outcome: CommandOutcome): void;
}

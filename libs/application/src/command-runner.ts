import type { LoggerService } from '@nestjs/common';
import type { Decider, DomainEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { BlobStore } from './blobs/blob-store';
import type { Clock } from './clock';
import type { Appended, CommandMeta } from './decide-and-append';
import type { Mailer } from './mail/mailer';
import type { PersonalData } from './personal-data/personal-data';
import type { PersonalDataKeys } from './personal-data/personal-data-keys';
import type { PersonalDataTraces } from './personal-data/personal-data-traces';
import type { StreamFacts } from './stream-facts';

/**
 * Values a door made for the command that must never reach the log (a new access token, the links in a
 * confirmation mail): the decider sees only their hashes, after-commit effects send them on.
 */
export type Secrets = Readonly<Record<string, string>>;

/** A command that reached the log (or was found there, `replayed`), as after-commit effects see it. */
export interface Committed<C, E> extends Appended<E> {
  command: C;
  meta: CommandMeta;
  secrets: Secrets;
}

/** What a door gets back from any command. */
export interface CommandResult {
  /** What was decided (none for a replayed command). */
  events: ReadonlyArray<{ type: string; data: unknown }>;
  /** The log position its read-your-writes reads wait for. */
  position: number;
  /** The command was already in the log (a retry): a secret made for this attempt was never recorded. */
  replayed: boolean;
}

/** What checks and after-commit effects may use besides the command. */
export interface RunnerPorts {
  store: EventStore;
  facts: StreamFacts;
  personalData: PersonalData;
  keys: PersonalDataKeys;
  /** Where a forgotten person's details are cleared besides the log. */
  traces: PersonalDataTraces[];
  mailer: Mailer;
  blobs: BlobStore;
  clock: Clock;
  logger: LoggerService;
  /** The base of links in mails. */
  publicUrl: string;
}

type Of<C, T> = Extract<C, { type: T }>;

/** Everything needed to run one aggregate's commands; one per aggregate, in `libs/application/src/<aggregate>/`. */
export interface CommandRunner<C extends { type: string }, S, E extends DomainEvent, X> {
  /** Every command type this runner decides: one left out is a compile error. */
  commands: Record<C['type'], true>;
  /** The stream the command is decided against. */
  stream(command: C, facts: StreamFacts): string | Promise<string>;
  decider: Decider<C, S, E, X>;
  /** Facts from other streams only (the actor's network, the seats, the policy): never a read model. */
  context(load: { command: C; state: S; now: Date; meta: CommandMeta; facts: StreamFacts }): Promise<X>;
  /** Checks against other stores that must pass before deciding (the blobs a submission references). */
  before?: { [T in C['type']]?: (command: Of<C, T>, ports: RunnerPorts) => Promise<void> };
  /**
   * Side effects that belong to the write, run once it is in the log, also for a retried command found there (each
   * effect decides whether a replay needs it again). May adjust the door's answer.
   */
  afterCommit?: {
    [T in C['type']]?: (
      done: Committed<Of<C, T>, E>,
      ports: RunnerPorts,
    ) => Promise<void | Partial<CommandResult>>;
  };
}

export function defineRunner<C extends { type: string }, S, E extends DomainEvent, X>(
  runner: CommandRunner<C, S, E, X>,
): CommandRunner<C, S, E, X> {
  return runner;
}

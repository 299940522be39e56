import type { Secrets } from '../command-runner';
import type { DomainCommand } from '../run-command';
import type { EventStore, RecordedEvent } from '@app/event-store';

/**
 * Turns an event into the commands it calls for. A policy is a door like any other: its commands go on the bus,
 * are decided by the rules, and carry the event as their cause. Their ids derive from the event and the policy, so
 * an event delivered again after a restart is recognised as done.
 */
export abstract class Policy {
  abstract readonly name: string;
  /** `log` for the rare policy that must look back (reads only: its commands go on the bus). */
  abstract commandsFor(event: RecordedEvent, log: EventStore): PolicyCommand[] | Promise<PolicyCommand[]>;
}

/** A command, or one sent with values made for it that must never reach the log (a claim link's code). */
export type PolicyCommand = DomainCommand | { command: DomainCommand; secrets: Secrets };

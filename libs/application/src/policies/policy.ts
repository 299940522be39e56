import type { DomainCommand } from '../run-command';
import type { RecordedEvent } from '@app/event-store';

/**
 * Turns an event into the commands it calls for. A policy is a door like any other: its commands go on the bus,
 * are decided by the rules, and carry the event as their cause. Their ids derive from the event and the policy, so
 * an event delivered again after a restart is recognised as done.
 */
export abstract class Policy {
  abstract readonly name: string;
  abstract commandsFor(event: RecordedEvent): DomainCommand[];
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, decideAndAppend, PersonalData } from '@app/application';
import { SubscriberCommand, subscriberDecider } from '@app/domain';
import { EventStore } from '@app/event-store';

/** What every subscriber command handler does: decide against the subscriber's stream, append. */
@Injectable()
export class SubscriberCommands {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly personalData: PersonalData,
  ) {}

  /**
   * The public has no identity to scope an Idempotency-Key to, so each command gets a new id; the commands are
   * idempotent by their rules instead (a request repeated within minutes, a second confirmation or unsubscription
   * write nothing).
   */
  async run(subscriberId: string, command: SubscriberCommand) {
    const now = this.clock.now();
    const { events, position } = await decideAndAppend(
      this.store,
      `subscriber-${subscriberId}`,
      subscriberDecider,
      command,
      { now },
      { commandId: randomUUID() },
      { now, personalData: this.personalData },
    );
    return { events, position: Number(position) };
  }
}

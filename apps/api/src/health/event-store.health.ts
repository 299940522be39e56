import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EventStore } from '@app/event-store';

/** The event store is up when it answers a read of the head of the log. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    private readonly store: EventStore,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'eventStore') {
    const indicator = this.health.check(key);
    try {
      const head = await this.store.headPosition();
      return indicator.up({ adapter: this.store.constructor.name, headPosition: head.toString() });
    } catch (error) {
      return indicator.down({ adapter: this.store.constructor.name, message: (error as Error).message });
    }
  }
}

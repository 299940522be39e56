import { join } from 'node:path';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { EventStore } from './event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { EventStoreDbEventStore } from './eventstoredb/event-store-db-event-store';

/** EventStoreDB when a connection string is configured, otherwise the embedded SQLite file in DATA_DIR. */
export function createEventStore(config: AppConfig): EventStore {
  return config.eventStoreConnectionString
    ? new EventStoreDbEventStore(config.eventStoreConnectionString)
    : new SqliteEventStore(join(config.dataDir, 'events.sqlite'));
}

@Global()
@Module({
  providers: [{ provide: EventStore, useFactory: createEventStore, inject: [APP_CONFIG] }],
  exports: [EventStore],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  /** Runs after the HTTP server has stopped taking requests: flushes pending appends, then closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

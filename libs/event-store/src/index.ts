export * from './event-store';
export * from './errors';
export * from './hash-chain';
export * from './event-store.module';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
export { EventStoreDbEventStore } from './eventstoredb/event-store-db-event-store';
export * from './read-all-pages';
export * from './checkpointed-consumer';
export * from './sqlite/open-sqlite';

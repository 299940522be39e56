export * from './job-queue';
export * from './job-source';
export * from './job-registry';
export * from './job-work';
export * from './effects-done';
export * from './jobs.module';
export { SqliteJobQueue } from './sqlite/sqlite-job-queue';
export { SqliteEffectsDone } from './sqlite/sqlite-effects-done';
export { BullmqJobQueue, RedisEvictsKeys } from './bullmq/bullmq-job-queue';

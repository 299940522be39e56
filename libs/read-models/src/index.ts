export * from './projection';
export * from './projection-runner';
export * from './identity/identity.projection';
export * from './networks/networks.projection';
export * from './motions/motions.projection';
export * from './schedule/schedule.projection';
export * from './searches/unanswered-searches';
export * from './read-models.module';

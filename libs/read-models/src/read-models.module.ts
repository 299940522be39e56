import { join } from 'node:path';
import { Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { ProjectionRunner } from './projection-runner';
import { identityProjection } from './identity/identity.projection';
import { scheduleProjection } from './schedule/schedule.projection';
import { networksProjection } from './networks/networks.projection';
import { motionsProjection } from './motions/motions.projection';
import { UnansweredSearches } from './searches/unanswered-searches';

/** This process's read models: one SQLite file in DATA_DIR, kept up to date while the process runs. */
@Global()
@Module({
  providers: [
    {
      provide: ProjectionRunner,
      useFactory: (store: EventStore, config: AppConfig) =>
        new ProjectionRunner(store, join(config.dataDir, 'read-models.sqlite'), [
          identityProjection,
          networksProjection,
          motionsProjection,
          scheduleProjection,
        ]),
      inject: [EventStore, APP_CONFIG],
    },
    {
      provide: UnansweredSearches,
      useFactory: (config: AppConfig) => new UnansweredSearches(join(config.dataDir, 'searches.sqlite')),
      inject: [APP_CONFIG],
    },
  ],
  exports: [ProjectionRunner, UnansweredSearches],
})
export class ReadModelsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(UnansweredSearches) private readonly searches: UnansweredSearches,
  ) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.close();
    this.searches.close();
  }
}

import { join } from 'node:path';
import {
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import type { Projection } from './projection';
import { ProjectionRunner, removeDatabase } from './projection-runner';
import { currentReadModelFile, watchReadModelPointer } from './read-model-files';
import { identityProjection } from './identity/identity.projection';
import { scheduleProjection } from './schedule/schedule.projection';
import { networksProjection } from './networks/networks.projection';
import { motionsProjection } from './motions/motions.projection';
import { dashboardProjection } from './dashboard/dashboard.projection';
import { catalogueProjection } from './catalogue/catalogue.projection';
import { UnansweredSearches } from './searches/unanswered-searches';

/** Every view the API serves, in the one read-model file (the CLI's rebuild builds the same list). */
export const READ_MODEL_PROJECTIONS: Projection[] = [
  identityProjection,
  networksProjection,
  motionsProjection,
  scheduleProjection,
  dashboardProjection,
  catalogueProjection,
];

/** This process's read models: one SQLite file in DATA_DIR, kept up to date while the process runs. */
@Global()
@Module({
  providers: [
    {
      provide: ProjectionRunner,
      useFactory: (store: EventStore, config: AppConfig) =>
        new ProjectionRunner(store, currentReadModelFile(config.dataDir), READ_MODEL_PROJECTIONS),
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
  private readonly logger = new Logger(ReadModelsModule.name);
  private unwatch: (() => void) | undefined;
  private swapping: Promise<void> = Promise.resolve();

  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(UnansweredSearches) private readonly searches: UnansweredSearches,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.runner.start();
    // A rebuild (npm run cli -- rebuild) points DATA_DIR at a fresh file: carry on from it, drop the old one.
    this.unwatch = watchReadModelPointer(this.config.dataDir, (file) => {
      this.swapping = this.runner.swapTo(file).then(
        (previous) => {
          if (!previous) return;
          removeDatabase(previous);
          this.logger.log(`Read models now served from ${file}`);
        },
        (error: Error) => this.logger.error(`Could not switch to ${file}: ${error.message}`),
      );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.unwatch?.();
    await this.swapping;
    await this.runner.close();
    this.searches.close();
  }
}

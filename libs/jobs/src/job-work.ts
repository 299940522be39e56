import { join } from 'node:path';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Reactor } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { Job, JobRunner } from './job-queue';
import { JobRegistry } from './job-registry';

/** Events whose jobs are added in one go when the log has many ready (catching up, a burst). */
const REACTOR_BATCH = 200;

/**
 * Runs the registered sources (a reactor each, checkpointed in `reactors.sqlite`) and handlers in the process that
 * does the jobs: the worker with `REDIS_URL`, the API otherwise. Stops before the store closes: reactors first,
 * then the running jobs are let finish.
 */
@Injectable()
export class JobWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  reactors: Reactor[] = [];

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
    private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = join(this.config.dataDir, 'reactors.sqlite');
    this.reactors = this.registry.sources.map((source) => {
      // A batch's jobs are added at once, before its checkpoint: the checkpoint never passes a job not queued.
      const pending: Job[] = [];
      return new Reactor(
        this.store,
        file,
        source.name,
        async (event) => void pending.push(...(await source.jobsFor(event, this.store))),
        {
          batchSize: REACTOR_BATCH,
          beforeCheckpoint: async () => {
            // By id: a batch delivered again after a failure pushed its first events' jobs twice.
            const jobs = [...new Map(pending.map((job) => [job.id, job])).values()];
            pending.length = 0;
            if (jobs.length > 0) await this.runner.addAll(jobs);
          },
        },
      );
    });
    await this.runner.start(this.registry.handlers);
    for (const reactor of this.reactors) reactor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.reactors.map((reactor) => reactor.close()));
    await this.runner.stop();
  }
}

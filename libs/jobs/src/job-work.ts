import { join } from 'node:path';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Reactor } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { JobRunner } from './job-queue';
import { JobRegistry } from './job-registry';
import type { JobSource } from './job-source';

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
    this.reactors = this.registry.sources.map(
      (source) => new Reactor(this.store, file, source.name, (event) => this.react(source, event)),
    );
    await this.runner.start(this.registry.handlers);
    for (const reactor of this.reactors) reactor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.reactors.map((reactor) => reactor.close()));
    await this.runner.stop();
  }

  private async react(source: JobSource, event: Parameters<JobSource['jobsFor']>[0]): Promise<void> {
    for (const job of await source.jobsFor(event, this.store)) await this.runner.add(job);
  }
}

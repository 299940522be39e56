import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobRunner } from './job-queue';
import { JobRegistry } from './job-registry';

/** Runs the registered schedules in this process, whatever else it does; stops them before the store closes. */
@Injectable()
export class ScheduledWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.runner.startSchedules(this.registry.schedules);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.runner.stopSchedules();
  }
}

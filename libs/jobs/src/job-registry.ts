import { Injectable } from '@nestjs/common';
import type { JobHandler, Schedule } from './job-queue';
import type { JobSource } from './job-source';

/**
 * What the jobs process runs: handlers and sources register here (in their constructor or `onModuleInit`), and
 * `JobWork` starts them all once the application has bootstrapped; schedules, which `ScheduledWork` runs.
 */
@Injectable()
export class JobRegistry {
  readonly handlers: JobHandler[] = [];
  readonly sources: JobSource[] = [];
  readonly schedules: Schedule[] = [];

  handle(handler: JobHandler): void {
    if (this.handlers.some((known) => known.name === handler.name))
      throw new Error(`A job handler named ${handler.name} is registered twice`);
    this.handlers.push(handler);
  }

  /** Scheduled work runs in every process that registers it (see `Schedule`), jobs or not. */
  every(schedule: Schedule): void {
    if (this.schedules.some((known) => known.name === schedule.name))
      throw new Error(`A schedule named ${schedule.name} is registered twice`);
    this.schedules.push(schedule);
  }

  follow(source: JobSource): void {
    if (this.sources.some((known) => known.name === source.name))
      throw new Error(`A job source named ${source.name} is registered twice`);
    this.sources.push(source);
  }
}

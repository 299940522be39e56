import { Injectable } from '@nestjs/common';
import type { JobHandler } from './job-queue';
import type { JobSource } from './job-source';

/**
 * What the jobs process runs: handlers and sources register here (in their constructor or `onModuleInit`), and
 * `JobWork` starts them all once the application has bootstrapped.
 */
@Injectable()
export class JobRegistry {
  readonly handlers: JobHandler[] = [];
  readonly sources: JobSource[] = [];

  handle(handler: JobHandler): void {
    if (this.handlers.some((known) => known.name === handler.name))
      throw new Error(`A job handler named ${handler.name} is registered twice`);
    this.handlers.push(handler);
  }

  follow(source: JobSource): void {
    if (this.sources.some((known) => known.name === source.name))
      throw new Error(`A job source named ${source.name} is registered twice`);
    this.sources.push(source);
  }
}

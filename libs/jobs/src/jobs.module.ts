import { join } from 'node:path';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { BullmqJobQueue } from './bullmq/bullmq-job-queue';
import { EffectsDone } from './effects-done';
import { JobQueue, JobRunner } from './job-queue';
import { JobRegistry } from './job-registry';
import { JobWork } from './job-work';
import { ScheduledWork } from './scheduled-work';
import { SqliteEffectsDone } from './sqlite/sqlite-effects-done';
import { SqliteJobQueue } from './sqlite/sqlite-job-queue';

/** The queue from the configuration: BullMQ with `REDIS_URL`, else the durable in-process one in `DATA_DIR`. */
export async function jobRunnerFor(config: AppConfig): Promise<JobRunner> {
  const { queuePrefix, ...options } = config.jobs;
  return config.redisUrl
    ? BullmqJobQueue.connect(config.redisUrl, { ...options, prefix: queuePrefix })
    : new SqliteJobQueue(join(config.dataDir, 'jobs.sqlite'), options);
}

/**
 * The job queue every process can add to, the schedules each registers, and, where `runJobs` (the worker with `REDIS_URL`, the API without),
 * `JobWork` running the registered sources and handlers.
 */
@Global()
@Module({})
export class JobsModule implements OnApplicationShutdown {
  constructor(
    @Inject(JobRunner) private readonly runner: JobRunner,
    @Inject(EffectsDone) private readonly effects: EffectsDone,
  ) {}

  static forRoot(config: AppConfig, { runJobs }: { runJobs: boolean }): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        JobRegistry,
        { provide: JobRunner, useFactory: () => jobRunnerFor(config) },
        { provide: JobQueue, useExisting: JobRunner },
        {
          provide: EffectsDone,
          useFactory: () => new SqliteEffectsDone(join(config.dataDir, 'effects.sqlite')),
        },
        ScheduledWork,
        ...(runJobs ? [JobWork] : []),
      ],
      exports: [JobRegistry, JobQueue, JobRunner, EffectsDone, ...(runJobs ? [JobWork] : [])],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.close();
    await this.effects.close();
  }
}

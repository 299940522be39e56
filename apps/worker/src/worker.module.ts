import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ApplicationModule, PolicyReactors } from '@app/application';
import { AppConfig, ConfigModule } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { InfrastructureModule } from '@app/infrastructure';
import { JobsModule, NotificationsModule, WebhookDeliveriesModule } from '@app/jobs';
import { PromClientMetricsModule } from '@app/metrics';

/**
 * The production worker: the policies (reactors that turn events into commands), sent on the same command bus as
 * every other door, and the jobs: the reactors that add them and the handlers that run them (BullMQ).
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        EventStoreModule,
        InfrastructureModule,
        ApplicationModule,
        JobsModule.forRoot(config, { runJobs: true }),
        WebhookDeliveriesModule,
        NotificationsModule,
        PromClientMetricsModule,
      ],
      providers: [PolicyReactors],
    };
  }
}

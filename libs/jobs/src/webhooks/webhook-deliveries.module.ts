import { join } from 'node:path';
import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, PersonalData } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { EffectsDone } from '../effects-done';
import { JobRegistry } from '../job-registry';
import { WebhookDeliveriesSource } from './webhook-deliveries.source';
import { WebhookDeliveryHandler } from './webhook-delivery.handler';
import { SqliteWebhookDeliveryLog } from './sqlite-webhook-delivery-log';
import { WebhookSender } from './webhook-request';

/**
 * Webhook deliveries: the source and handler registered with the jobs (they run where jobs run), and the delivery
 * log every process reads (the API serves it).
 */
@Module({
  providers: [
    {
      provide: SqliteWebhookDeliveryLog,
      useFactory: (config: AppConfig) =>
        new SqliteWebhookDeliveryLog(join(config.dataDir, 'deliveries.sqlite')),
      inject: [APP_CONFIG],
    },
    {
      provide: WebhookSender,
      useFactory: (config: AppConfig) => new WebhookSender({ allowPrivate: config.webhookAllowPrivate }),
      inject: [APP_CONFIG],
    },
  ],
  exports: [SqliteWebhookDeliveryLog],
})
export class WebhookDeliveriesModule implements OnApplicationShutdown {
  constructor(
    private readonly log: SqliteWebhookDeliveryLog,
    private readonly sender: WebhookSender,
    registry: JobRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EffectsDone) effects: EffectsDone,
    personalData: PersonalData,
    store: EventStore,
    bus: CommandBus,
    clock: Clock,
  ) {
    registry.follow(new WebhookDeliveriesSource(log));
    registry.handle(
      new WebhookDeliveryHandler({
        log,
        effects,
        sender,
        personalData,
        store,
        bus,
        clock,
        retry: config.jobs,
      }),
    );
  }

  onApplicationShutdown(): void {
    this.sender.close();
    this.log.close();
  }
}

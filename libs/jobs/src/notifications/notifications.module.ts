import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Clock, Mailer, PersonalData } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { SubscriberSecret } from '@app/infrastructure';
import { EffectsDone } from '../effects-done';
import { JobQueue } from '../job-queue';
import { JobRegistry } from '../job-registry';
import { DueNoticeScheduler } from './due-notice-scheduler';
import { NoticeMailHandler } from './notice-mail.handler';
import { NoticeSource } from './notice-source';
import { NotificationFacts } from './notification-facts';

/**
 * Notifications and the digest, registered with the jobs: the source that turns events into notices and the handler
 * that mails them (they run where jobs run), and the schedule that queues what time has made due.
 */
@Module({
  providers: [
    {
      provide: NotificationFacts,
      useFactory: (store: EventStore) => new NotificationFacts(store),
      inject: [EventStore],
    },
    {
      provide: NoticeMailHandler,
      useFactory: (
        config: AppConfig,
        facts: NotificationFacts,
        personalData: PersonalData,
        mailer: Mailer,
        effects: EffectsDone,
        secret: SubscriberSecret,
      ) =>
        new NoticeMailHandler(facts, personalData, mailer, effects, {
          publicUrl: config.publicUrl,
          unsubscribeTokenFor: (subscriberId) => secret.unsubscribeTokenFor(subscriberId),
        }),
      inject: [APP_CONFIG, NotificationFacts, PersonalData, Mailer, EffectsDone, SubscriberSecret],
    },
    {
      provide: NoticeSource,
      useFactory: (facts: NotificationFacts) => new NoticeSource(facts),
      inject: [NotificationFacts],
    },
    {
      provide: DueNoticeScheduler,
      useFactory: (facts: NotificationFacts, queue: JobQueue, effects: EffectsDone, clock: Clock) =>
        new DueNoticeScheduler(facts, queue, effects, clock),
      inject: [NotificationFacts, JobQueue, EffectsDone, Clock],
    },
  ],
  exports: [DueNoticeScheduler, NoticeMailHandler, NoticeSource],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly handler: NoticeMailHandler,
    private readonly source: NoticeSource,
    private readonly scheduler: DueNoticeScheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.handle(this.handler);
    this.registry.follow(this.source);
    this.registry.every({
      name: 'due-notices',
      everyMs: this.config.schedulerIntervalMs,
      run: () => this.scheduler.runDue(),
    });
  }
}

import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { Clock, Mailer, PersonalData } from '@app/application';
import { AppConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { SubscriberSecret } from '@app/infrastructure';
import { EffectsDone } from '../effects-done';
import { JobQueue } from '../job-queue';
import { JobRegistry } from '../job-registry';
import { DueNoticeScheduler } from './due-notice-scheduler';
import { NoticeLinks } from './notice-contents';
import { NoticeMailHandler } from './notice-mail.handler';
import { NoticeSource } from './notice-source';
import { NotificationFacts } from './notification-facts';

/**
 * Notifications and the digest: the source that turns events into notices, the handler that mails them, and,
 * where jobs run (`runJobs`), the round that queues what time has made due, every `SCHEDULER_INTERVAL_MS`.
 */
@Module({})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly handler: NoticeMailHandler,
    private readonly source: NoticeSource,
  ) {}

  static forRoot(config: AppConfig, { runJobs }: { runJobs: boolean }): DynamicModule {
    return {
      module: NotificationsModule,
      providers: [
        {
          provide: NotificationFacts,
          useFactory: (store: EventStore) => new NotificationFacts(store),
          inject: [EventStore],
        },
        {
          provide: NoticeMailHandler,
          useFactory: (
            facts: NotificationFacts,
            personalData: PersonalData,
            mailer: Mailer,
            effects: EffectsDone,
            secret: SubscriberSecret,
          ) => {
            const links: NoticeLinks = {
              publicUrl: config.publicUrl,
              unsubscribeTokenFor: (subscriberId) => secret.unsubscribeTokenFor(subscriberId),
            };
            return new NoticeMailHandler(facts, personalData, mailer, effects, links);
          },
          inject: [NotificationFacts, PersonalData, Mailer, EffectsDone, SubscriberSecret],
        },
        {
          provide: NoticeSource,
          useFactory: (facts: NotificationFacts) => new NoticeSource(facts),
          inject: [NotificationFacts],
        },
        {
          provide: DueNoticeScheduler,
          useFactory: (facts: NotificationFacts, queue: JobQueue, effects: EffectsDone, clock: Clock) =>
            new DueNoticeScheduler(
              facts,
              queue,
              effects,
              clock,
              runJobs ? config.schedulerIntervalMs : undefined,
            ),
          inject: [NotificationFacts, JobQueue, EffectsDone, Clock],
        },
      ],
      exports: [DueNoticeScheduler, NoticeMailHandler, NoticeSource],
    };
  }

  onModuleInit(): void {
    this.registry.handle(this.handler);
    this.registry.follow(this.source);
  }
}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriberCommands } from './subscriber-commands.service';
import { SubscriberSecret } from './subscriber-secret.service';
import { RequestSubscriptionHandler } from './handlers/request-subscription.handler';
import { ConfirmSubscriptionHandler } from './handlers/confirm-subscription.handler';
import { UnsubscribeHandler } from './handlers/unsubscribe.handler';

@Module({
  imports: [CqrsModule],
  controllers: [SubscriptionsController],
  providers: [
    SubscriberCommands,
    SubscriberSecret,
    RequestSubscriptionHandler,
    ConfirmSubscriptionHandler,
    UnsubscribeHandler,
  ],
})
export class SubscriptionsModule {}

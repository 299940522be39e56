import { Module } from '@nestjs/common';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriberSecret } from './subscriber-secret.service';

@Module({
  controllers: [SubscriptionsController],
  providers: [SubscriberSecret],
  exports: [SubscriberSecret],
})
export class SubscriptionsModule {}

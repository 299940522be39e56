import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../../subscriptions/subscriptions.module';
import { SubscriptionPages } from './subscriptions.page';

@Module({
  imports: [SubscriptionsModule],
  controllers: [SubscriptionPages],
})
export class SubscriptionPagesModule {}

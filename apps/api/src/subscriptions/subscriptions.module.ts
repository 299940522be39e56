import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { urlencoded } from 'express';
import { SubscriptionsController } from './subscriptions.controller';

@Module({
  controllers: [SubscriptionsController],
})
export class SubscriptionsModule implements NestModule {
  /**
   * The one-click POST is form-encoded (RFC 8058 §3.1); every other route takes JSON only. The path is written whole:
   * RouterModule's `api/v1` is not applied to a middleware's routes.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(urlencoded({ extended: false, limit: '1kb' }))
      .forRoutes({ path: 'api/v1/subscriptions/unsubscribe/one-click', method: RequestMethod.POST });
  }
}

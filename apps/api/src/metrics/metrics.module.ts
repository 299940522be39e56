import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { PromClientMetricsModule } from '@app/metrics';
import { MetricsController } from './metrics.controller';
import { RequestMetrics } from './request-metrics';

/** `GET /metrics`, with the API's requests timed on the registry the commands, lag and queues are counted on. */
@Module({
  imports: [PromClientMetricsModule],
  controllers: [MetricsController],
  providers: [RequestMetrics],
})
export class MetricsModule implements NestModule {
  constructor(private readonly requests: RequestMetrics) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.requests.timeRequest).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}

import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { Metrics } from '@app/application';
import { MetricsController } from './metrics.controller';
import { PromClientMetrics } from './prom-client.metrics';

/** `GET /metrics`, and the `Metrics` port's adapter, global so that the command handler finds it. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [PromClientMetrics, { provide: Metrics, useExisting: PromClientMetrics }],
  exports: [Metrics],
})
export class MetricsModule implements NestModule {
  constructor(private readonly metrics: PromClientMetrics) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.metrics.timeRequest).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}

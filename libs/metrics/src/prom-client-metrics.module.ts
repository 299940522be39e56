import { Global, Module } from '@nestjs/common';
import { Metrics } from '@app/application';
import { PromClientMetrics } from './prom-client.metrics';

/** The `Metrics` port's adapter, global so that the command runners of any process find it. */
@Global()
@Module({
  providers: [PromClientMetrics, { provide: Metrics, useExisting: PromClientMetrics }],
  exports: [PromClientMetrics, Metrics],
})
export class PromClientMetricsModule {}

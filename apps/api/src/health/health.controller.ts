import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../identity/bearer-auth.guard';
import { ServiceHealthIndicators } from './health.indicators';

/**
 * Indicators that may be down while the service still serves: commands append to the log, and queries answer
 * from views that lag behind it; a stream whose chain fails refuses appends, and the others carry on. Load
 * balancers keep sending traffic; operators read which consumer or stream fails.
 */
const DEGRADING = new Set(['readModels', 'consumers', 'logIntegrity', 'ledger', 'jobs']);

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ServiceHealthIndicators,
  ) {}

  /**
   * Terminus's own report, not problem+json: `ok`; `degraded` (200) while only a projection or reactor fails, or
   * the log holds an event that fails its hash chain;
   * `error` (503) when the service cannot serve, such as when the event store does not answer.
   */
  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.health.check([
        () => this.indicators.check(),
        () => this.indicators.checkReadModels(),
        () => this.indicators.checkConsumers(),
        () => this.indicators.checkLogIntegrity(),
        () => this.indicators.checkLedger(),
        () => this.indicators.checkJobs(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const report = error.getResponse() as HealthCheckResult;
      if (Object.keys(report.error ?? {}).every((key) => DEGRADING.has(key)))
        return { ...report, status: 'degraded' };
      response.status(503);
      return report;
    }
  }
}

import { Controller, ForbiddenException, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { bearerTokenOf } from '@app/infrastructure';
import { Public } from '../identity/bearer-auth.guard';
import { metricsAdmission, PromClientMetrics } from '@app/metrics';

/**
 * Prometheus's scrape, for operators: with `METRICS_TOKEN` set, to a bearer of that token from anywhere; without it,
 * to callers on this machine only (a scraper beside the service, or through a proxy that adds the token's check).
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: PromClientMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.admit(request, response);
    const text = await this.metrics.scrape();
    // Written as is: Express's `send` would reorder the content type's parameters.
    response.setHeader('content-type', this.metrics.contentType);
    response.end(text);
  }

  private admit(request: Request, response: Response): void {
    const admission = metricsAdmission(
      request.socket.remoteAddress,
      bearerTokenOf(request),
      this.config.metricsToken,
    );
    if (admission === 'forbidden')
      throw new ForbiddenException('Metrics are served to this machine only unless METRICS_TOKEN is set');
    if (admission === 'unauthorized') {
      response.setHeader('www-authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedException(
        "Metrics need the operators' token: Authorization: Bearer <METRICS_TOKEN>",
      );
    }
  }
}

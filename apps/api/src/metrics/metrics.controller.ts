import { Controller, ForbiddenException, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { bearerTokenOf, Public } from '../identity/bearer-auth.guard';
import { sameSecret } from '../http/same-secret';
import { PromClientMetrics } from './prom-client.metrics';

/** IPv4 loopback (also as an IPv4-mapped IPv6 address) or IPv6 loopback. X-Forwarded-For is not trusted. */
const LOOPBACK = /^(?:(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1)$/;

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
    const { metricsToken } = this.config;
    if (!metricsToken) {
      if (LOOPBACK.test(request.socket.remoteAddress ?? '')) return;
      throw new ForbiddenException('Metrics are served to this machine only unless METRICS_TOKEN is set');
    }
    if (sameSecret(bearerTokenOf(request), metricsToken)) return;
    response.setHeader('www-authenticate', 'Bearer realm="metrics"');
    throw new UnauthorizedException(
      "Metrics need the operators' token: Authorization: Bearer <METRICS_TOKEN>",
    );
  }
}

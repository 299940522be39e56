import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Histogram } from 'prom-client';
import { PromClientMetrics } from '@app/metrics';

/** Requests no route matched (404s, static files, Swagger UI) share one label, so a scan cannot grow the series. */
const UNMATCHED = 'unmatched';
const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** The API's requests by route pattern, on the registry `GET /metrics` serves. */
@Injectable()
export class RequestMetrics {
  private readonly requests: Histogram<'method' | 'route' | 'status_class'>;
  private readonly series = new Map<string, Map<string, Array<{ observe(seconds: number): void }>>>();

  constructor(metrics: PromClientMetrics) {
    this.requests = new Histogram({
      name: 'cns_http_request_duration_seconds',
      help: 'HTTP requests, by method, route pattern and status class, until the response was sent',
      labelNames: ['method', 'route', 'status_class'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [metrics.registry],
    });
  }

  /** Express middleware timing every request; the route is known only once the router has matched it. */
  readonly timeRequest = (request: Request, response: Response, next: () => void): void => {
    const started = performance.now();
    response.on('finish', () =>
      this.requestSeries(request.method, (request.route as { path?: string } | undefined)?.path ?? UNMATCHED)[
        Math.floor(response.statusCode / 100)
      ].observe((performance.now() - started) / 1000),
    );
    next();
  };

  /**
   * A method and route's series, one per status class, made once: `labels()` on every request would parse its
   * arguments into a new object each time. Bounded: Node accepts only known methods, and routes are patterns.
   */
  private requestSeries(method: string, route: string): Array<{ observe(seconds: number): void }> {
    let byRoute = this.series.get(method);
    if (!byRoute) this.series.set(method, (byRoute = new Map()));
    let byClass = byRoute.get(route);
    if (!byClass) {
      byClass = STATUS_CLASSES.map((statusClass) => this.requests.labels(method, route, statusClass));
      byRoute.set(route, byClass);
    }
    return byClass;
  }
}

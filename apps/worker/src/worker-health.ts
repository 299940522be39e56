import { createServer, Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { consumersFollowing, EventStore } from '@app/event-store';
import { bearerTokenOf } from '@app/infrastructure';
import { JobRunner } from '@app/jobs';
import { metricsAdmission, PromClientMetrics } from '@app/metrics';

/**
 * The worker's own port. `GET /health`, for its container's health check: 200 with the queues' counts and the
 * reactors' states while the queue answers (`degraded` if a reactor fails), 503 when it does not (Redis unreachable).
 * `GET /metrics`, Prometheus's scrape of the worker (its reactors' lag, the commands its policies send, the queues),
 * to the same callers as the API's.
 */
export function serveWorkerHealth(app: INestApplicationContext, port: number): Promise<Server> {
  const jobs = app.get(JobRunner);
  const store = app.get(EventStore);
  const metrics = app.get(PromClientMetrics);
  const { metricsToken } = app.get<AppConfig>(APP_CONFIG);
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/metrics') {
      const admission = metricsAdmission(request.socket.remoteAddress, bearerTokenOf(request), metricsToken);
      if (admission === 'forbidden') {
        response.writeHead(403).end();
        return;
      }
      if (admission === 'unauthorized') {
        response.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end();
        return;
      }
      void metrics.scrape().then(
        (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
      return;
    }
    if (request.method !== 'GET' || request.url !== '/health') {
      response.writeHead(404).end();
      return;
    }
    void (async () => {
      const consumers = await Promise.all(consumersFollowing(store).map((consumer) => consumer.status()));
      const failing = consumers.some((consumer) => consumer.state === 'failing');
      try {
        const queues = await jobs.counts();
        const body = { status: failing ? 'degraded' : 'ok', queues, consumers };
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      } catch (error) {
        const body = { status: 'error', message: (error as Error).message, consumers };
        response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }
    })();
  });
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}

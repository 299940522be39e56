import { createServer, Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { consumersFollowing, EventStore } from '@app/event-store';
import { JobRunner } from '@app/jobs';

/**
 * `GET /health` on the worker's own port, for its container's health check: 200 with the queues' counts and the
 * reactors' states while the queue answers (`degraded` if a reactor fails), 503 when it does not (Redis unreachable).
 */
export function serveWorkerHealth(app: INestApplicationContext, port: number): Promise<Server> {
  const jobs = app.get(JobRunner);
  const store = app.get(EventStore);
  const server = createServer((request, response) => {
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

/**
 * Metrics benchmark: `npm run bench:metrics`. What `GET /metrics`'s request timing adds to every request: the
 * middleware on a real `ServerResponse`, its `finish` observed into the histogram under the route's pattern, beside
 * a baseline that only listens for `finish` (as any request log does). Nanoseconds per request, both in this process.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { loadConfig } from '@app/config';
import { SqliteEventStore } from '@app/event-store';
import { jobRunnerFor } from '@app/jobs';
import { PromClientMetrics } from '@app/metrics';
import { RequestMetrics } from '../../apps/api/src/metrics/request-metrics';
import { figure } from './bench-support';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const ROUTES = ['/api/v1/practices/:id', '/api/v1/catalogue', '/api/v1/themes', '/health'];
const next = () => undefined;

/** A request and its response as Express hands them on: the route already matched, as it is once `finish` fires. */
function exchange(index: number): [Request, Response] {
  const request = new IncomingMessage(new Socket()) as Request;
  request.method = index % 3 === 0 ? 'POST' : 'GET';
  request.route = { path: ROUTES[index % ROUTES.length] };
  const response = new ServerResponse(request) as unknown as Response;
  response.statusCode = index % 10 === 0 ? 404 : 200;
  return [request, response];
}

function nsPerRequest(middleware: (request: Request, response: Response, next: () => void) => void): number {
  const exchanges = Array.from({ length: 1024 }, (_, index) => exchange(index));
  const started = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) {
    const [request, response] = exchanges[i & 1023];
    middleware(request, response, next);
    response.emit('finish');
    response.removeAllListeners('finish');
  }
  return Number(process.hrtime.bigint() - started) / REQUESTS;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-bench-metrics-'));
  const config = loadConfig({ DATA_DIR: dataDir });
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const jobs = await jobRunnerFor(config);
  const metrics = new RequestMetrics(new PromClientMetrics(store, jobs));
  let finished = 0;
  const listenOnly = (_: Request, response: Response, go: () => void) => {
    const started = performance.now();
    response.on('finish', () => (finished += performance.now() - started));
    go();
  };
  // Warm both up, then measure each twice, alternating, and keep each one's best.
  nsPerRequest(listenOnly);
  nsPerRequest(metrics.timeRequest);
  const rounds = [0, 1].map(() => [nsPerRequest(listenOnly), nsPerRequest(metrics.timeRequest)]);
  const baseline = Math.min(...rounds.map(([plain]) => plain));
  const timed = Math.min(...rounds.map(([, withMetrics]) => withMetrics));
  console.log(`${figure(REQUESTS)} requests, ${ROUTES.length} route patterns × 2 methods × 2 status classes`);
  console.log(`baseline (listen for finish):   ${baseline.toFixed(0)} ns per request`);
  console.log(`with the metrics middleware:    ${timed.toFixed(0)} ns per request`);
  console.log(
    `added per request: ${(timed - baseline).toFixed(0)} ns; ratio to baseline ${(timed / baseline).toFixed(2)}×`,
  );
  if (finished === 0) throw new Error('The baseline never saw a finish');
  await jobs.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

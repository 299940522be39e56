import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { PolicyReactors } from '@app/application';
import { loadConfig } from '@app/config';
import { superviseProcess } from '@app/infrastructure';
import { JobRegistry } from '@app/jobs';
import { serveWorkerHealth } from './worker-health';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const health = await serveWorkerHealth(app, config.workerHealthPort);
  // The health port closes first: a worker shutting down is no longer healthy.
  process.once('SIGTERM', () => health.close());
  superviseProcess(app, logger);
  const policies = app.get(PolicyReactors).reactors.map((reactor) => reactor.name);
  const { handlers, sources } = app.get(JobRegistry);
  logger.log(
    `Connect & Share worker started: policies ${policies.join(', ')}; job sources ${sources.map((s) => s.name).join(', ')}; ` +
      `job handlers ${handlers.map((h) => h.name).join(', ')}; health on port ${config.workerHealthPort}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

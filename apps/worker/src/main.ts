import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { PolicyReactors } from '@app/application';
import { loadConfig } from '@app/config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  logger.log(
    `Connect & Share worker started: policies ${app
      .get(PolicyReactors)
      .reactors.map((reactor) => reactor.name)
      .join(', ')}`,
  );
  let stopping: Promise<void> | undefined;
  const stop = (reason: string, exitCode = 0) =>
    (stopping ??= (async () => {
      logger.log(`${reason}: shutting down`);
      await app.close();
      process.exit(exitCode);
    })());
  process.on('SIGTERM', () => void stop('SIGTERM received'));
  process.on('SIGINT', () => void stop('SIGINT received'));
  // As in the API: reactors report their own faults, so a stray rejected promise is logged and the worker carries
  // on; an exception escaped to the event loop may have left memory half-changed, so the worker restarts instead.
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'Unhandled promise rejection: still running', 'Process'),
  );
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'Uncaught exception', 'Process');
    void stop('uncaught exception', 1);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

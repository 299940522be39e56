import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@app/config';
import { createApi } from './api';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApi(config);
  const logger = app.get(Logger);

  // Graceful shutdown: stop taking requests, let in-flight ones finish, flush the event store, then exit.
  let stopping: Promise<void> | undefined;
  const stop = (reason: string, exitCode = 0) =>
    (stopping ??= (async () => {
      logger.log(`${reason}: shutting down`);
      setTimeout(() => {
        logger.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms: exiting`);
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
      await app.close();
      logger.log('shutdown complete');
      process.exit(exitCode);
    })());
  process.on('SIGTERM', () => void stop('SIGTERM received'));
  process.on('SIGINT', () => void stop('SIGINT received'));
  // A promise nobody awaited failed: projections and reactors catch their own faults and report them in /health,
  // so this is a stray call, not a broken state. Log it and keep serving rather than exit (Node's default).
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'Unhandled promise rejection: still running', 'Process'),
  );
  // A throw escaped to the event loop, possibly half-way through a change in memory: Node does not promise it is
  // safe to carry on. Shut down and let the supervisor restart; the log and the consumers' checkpoints lose nothing.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'Uncaught exception', 'Process');
    void stop('uncaught exception', 1);
  });

  await app.listen(config.port);
  logger.log(`Connect & Share API listening on port ${config.port}, data in ${config.dataDir}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import type { INestApplicationContext, LoggerService } from '@nestjs/common';

/** Beyond a webhook delivery's 10 s timeout, so a delivery in flight finishes and is recorded. */
const SHUTDOWN_GRACE_MS = 15_000;

/**
 * How the API and the worker live and end. SIGTERM or SIGINT (once; repeats are ignored) stops taking work, lets
 * what runs finish, flushes the event store and exits 0, or exits 1 after a grace period. A stray rejected promise
 * is logged and the process keeps serving: projections and reactors catch their own faults and report them in
 * /health. A throw that escaped to the event loop may have left memory half-changed, which Node does not promise
 * is safe to carry on from: the process shuts down and its supervisor restarts it; the log and the consumers'
 * checkpoints lose nothing.
 */
export function superviseProcess(app: INestApplicationContext, logger: LoggerService): void {
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
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'Unhandled promise rejection: still running', 'Process'),
  );
  process.on('uncaughtException', (error) => {
    logger.fatal?.({ err: error }, 'Uncaught exception', 'Process');
    void stop('uncaught exception', 1);
  });
}

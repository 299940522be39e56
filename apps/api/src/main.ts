import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@app/config';
import { createApi } from './api';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApi(config);
  const logger = app.get(Logger);
  await app.listen(config.port);
  logger.log(`Connect & Share API listening on port ${config.port}, data in ${config.dataDir}`);

  // Graceful shutdown: stop taking requests, let in-flight ones finish, flush the event store, then exit 0.
  const stop = async (signal: string) => {
    logger.log(`${signal} received: shutting down`);
    setTimeout(() => {
      logger.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms: exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    await app.close();
    logger.log('shutdown complete');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@app/config';
import { superviseProcess } from '@app/infrastructure';
import { createApi } from './api';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApi(config);
  const logger = app.get(Logger);
  superviseProcess(app, logger);
  await app.listen(config.port);
  logger.log(`Connect & Share API listening on port ${config.port}, data in ${config.dataDir}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

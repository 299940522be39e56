import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { PolicyReactors } from '@app/application';
import { loadConfig } from '@app/config';
import { superviseProcess } from '@app/infrastructure';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  superviseProcess(app, logger);
  const policies = app.get(PolicyReactors).reactors.map((reactor) => reactor.name);
  logger.log(`Connect & Share worker started: policies ${policies.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

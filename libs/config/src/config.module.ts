import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './config';
import { preparePrivateDataDir } from './data-dir';

/** Injection token for the `AppConfig` read at start-up. */
export const APP_CONFIG = Symbol('AppConfig');

@Global()
@Module({})
export class ConfigModule {
  /** DATA_DIR is made private before anything that injects the config can write in it. */
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => withPrivateDataDir(config) }],
      exports: [APP_CONFIG],
    };
  }
}

function withPrivateDataDir(config: AppConfig): AppConfig {
  const { tightenedFrom } = preparePrivateDataDir(config.dataDir);
  if (tightenedFrom !== undefined)
    new Logger('DataDir').warn(
      `${config.dataDir} was mode ${tightenedFrom.toString(8).padStart(4, '0')}: made 0700 (owner only)`,
    );
  return config;
}

import { resolve } from 'node:path';

/** The service's settings, read once from the environment (names and defaults as in API.md). */
export interface AppConfig {
  port: number;
  dataDir: string;
  /** Unset: the embedded SQLite event store in `dataDir`. */
  eventStoreConnectionString?: string;
  /** Unset: jobs run in-process. */
  redisUrl?: string;
  bootstrapToken?: string;
  facilitatorNetworkId: string;
  logLevel: string;
  /** Requests per minute that one caller (a bearer token, or an address without one) may make. */
  rateLimitPerMinute: number;
  /** How often due scheduled commands (closing motions, lazy consensus) are looked for. */
  schedulerIntervalMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got ${JSON.stringify(env.PORT)}`);
  }
  const rateLimitPerMinute = Number(env.RATE_LIMIT_PER_MINUTE ?? 600);
  if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1) {
    throw new ConfigError(
      `RATE_LIMIT_PER_MINUTE must be a positive integer, got ${JSON.stringify(env.RATE_LIMIT_PER_MINUTE)}`,
    );
  }
  const schedulerIntervalMs = Number(env.SCHEDULER_INTERVAL_MS ?? 30_000);
  if (!Number.isInteger(schedulerIntervalMs) || schedulerIntervalMs < 10) {
    throw new ConfigError(
      `SCHEDULER_INTERVAL_MS must be an integer of at least 10, got ${JSON.stringify(env.SCHEDULER_INTERVAL_MS)}`,
    );
  }
  return {
    port,
    dataDir: resolve(env.DATA_DIR || './var'),
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || undefined,
    redisUrl: env.REDIS_URL || undefined,
    bootstrapToken: env.BOOTSTRAP_TOKEN || undefined,
    facilitatorNetworkId: env.FACILITATOR_NETWORK_ID || 'nht-network',
    logLevel: env.LOG_LEVEL || 'info',
    rateLimitPerMinute,
    schedulerIntervalMs,
  };
}

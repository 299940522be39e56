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
  /** `smtp://` or `smtps://` server for outgoing mail; unset, each mail is written to `dataDir/outbox/` instead. */
  smtpUrl?: string;
  /** The From of every mail. */
  mailFrom: string;
  /** The service's address as people reach it: the base of the links in mails. */
  publicUrl: string;
  facilitatorNetworkId: string;
  /** The facilitator network's name, given to it on an empty store. */
  facilitatorName: string;
  logLevel: string;
  /** Requests per minute that one caller (a token's holder, or an address without a valid token) may make. */
  rateLimitPerMinute: number;
  /** Public writes (sign-ups, confirmations, unsubscriptions, claims) per hour from one address. */
  publicWritesPerHour: number;
  /** Sign-ups (public writes that mail an address they name) per hour from one address. */
  signUpsPerHour: number;
  /** Sign-ups per day for one e-mail address, from any number of callers: no mail bombing. */
  signUpsPerEmailPerDay: number;
  /** How often due scheduled commands (closing motions, lazy consensus) are looked for. */
  schedulerIntervalMs: number;
  /** How long a write's first response is kept for retries carrying the same Idempotency-Key. */
  idempotencyTtlHours: number;
  /** The log's name in checkpoints (C2SP origin) and its key's name. */
  ledgerOrigin: string;
  /** The Ed25519 signer key (`PRIVATE+KEY+…`); unset, one is made on first start in `DATA_DIR/ledger-key`. */
  ledgerSignerKey?: string;
  /** How often a signed checkpoint is made when the log has grown. */
  checkpointIntervalSeconds: number;
  /** How long a page session lasts at most (it also ends with its token, or when the token is revoked). */
  sessionHours: number;
  /** How jobs (webhook deliveries, mail) run and are retried: see `JobsConfig`. */
  jobs: JobsConfig;
  /** Webhooks may go to loopback, private and plain-HTTP targets: for tests only. */
  webhookAllowPrivate: boolean;
  /** The worker's `/health` port (its container's health check). */
  workerHealthPort: number;
  /** The bearer token `GET /metrics` asks for; unset, it answers loopback callers only. */
  metricsToken?: string;
}

export interface JobsConfig {
  /** BullMQ's key prefix: several deployments (or test suites) can share one Redis. */
  queuePrefix: string;
  /** Runs in all before a job is given up: the default retries for more than 24 hours. */
  attempts: number;
  /** The wait before the first retry; each next one doubles, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Jobs run at once per process. */
  concurrency: number;
  /** How soon a job whose process died is taken up again (BullMQ's lock and stalled-check interval). */
  stalledMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = port0To65535(env, 'PORT', 3000);
  const rateLimitPerMinute = positiveInteger(env, 'RATE_LIMIT_PER_MINUTE', 600);
  const publicWritesPerHour = positiveInteger(env, 'PUBLIC_WRITES_PER_HOUR', 60);
  const signUpsPerHour = positiveInteger(env, 'SIGN_UPS_PER_HOUR', 10);
  const signUpsPerEmailPerDay = positiveInteger(env, 'SIGN_UPS_PER_EMAIL_PER_DAY', 5);
  const schedulerIntervalMs = Number(env.SCHEDULER_INTERVAL_MS ?? 30_000);
  if (!Number.isInteger(schedulerIntervalMs) || schedulerIntervalMs < 10) {
    throw new ConfigError(
      `SCHEDULER_INTERVAL_MS must be an integer of at least 10, got ${JSON.stringify(env.SCHEDULER_INTERVAL_MS)}`,
    );
  }
  const idempotencyTtlHours = Number(env.IDEMPOTENCY_TTL_HOURS ?? 24);
  if (!(idempotencyTtlHours > 0)) {
    throw new ConfigError(
      `IDEMPOTENCY_TTL_HOURS must be a positive number, got ${JSON.stringify(env.IDEMPOTENCY_TTL_HOURS)}`,
    );
  }
  const checkpointIntervalSeconds = Number(env.CHECKPOINT_INTERVAL_SECONDS ?? 300);
  if (!(checkpointIntervalSeconds > 0)) {
    throw new ConfigError(
      `CHECKPOINT_INTERVAL_SECONDS must be a positive number, got ${JSON.stringify(env.CHECKPOINT_INTERVAL_SECONDS)}`,
    );
  }
  const jobs: JobsConfig = {
    queuePrefix: env.JOB_QUEUE_PREFIX || 'cns',
    attempts: positiveInteger(env, 'JOB_ATTEMPTS', 35),
    backoffMs: positiveInteger(env, 'JOB_BACKOFF_MS', 10_000),
    maxBackoffMs: positiveInteger(env, 'JOB_MAX_BACKOFF_MS', 3_600_000),
    concurrency: positiveInteger(env, 'JOB_CONCURRENCY', 16),
    stalledMs: positiveInteger(env, 'JOB_STALLED_MS', 30_000),
  };
  const publicUrl = urlFrom('PUBLIC_URL', env.PUBLIC_URL, ['http:', 'https:']) ?? `http://localhost:${port}`;
  return {
    port,
    dataDir: resolve(env.DATA_DIR || './var'),
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || undefined,
    redisUrl: env.REDIS_URL || undefined,
    bootstrapToken: env.BOOTSTRAP_TOKEN || undefined,
    smtpUrl: urlFrom('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']),
    mailFrom: mailFromOf(env.MAIL_FROM || 'Connect & Share <no-reply@connect-and-share.invalid>'),
    publicUrl,
    facilitatorNetworkId: env.FACILITATOR_NETWORK_ID || 'nht-network',
    facilitatorName: env.FACILITATOR_NAME || 'National Highways & Transport Network',
    logLevel: env.LOG_LEVEL || 'info',
    rateLimitPerMinute,
    publicWritesPerHour,
    signUpsPerHour,
    signUpsPerEmailPerDay,
    schedulerIntervalMs,
    idempotencyTtlHours,
    ledgerOrigin: env.LEDGER_ORIGIN || new URL(publicUrl).host,
    ledgerSignerKey: env.LEDGER_SIGNER_KEY || undefined,
    checkpointIntervalSeconds,
    sessionHours: positiveInteger(env, 'SESSION_HOURS', 8),
    jobs,
    webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE === 'true',
    workerHealthPort: port0To65535(env, 'WORKER_HEALTH_PORT', 3001),
    metricsToken: env.METRICS_TOKEN || undefined,
  };
}

function port0To65535(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const port = Number(env[name] ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`${name} must be an integer between 0 and 65535, got ${JSON.stringify(env[name])}`);
  return port;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigError(`${name} must be a positive integer, got ${JSON.stringify(env[name])}`);
  return value;
}

/** An optional URL with one of the given schemes, without a trailing slash. */
function urlFrom(name: string, value: string | undefined, schemes: string[]): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not echoed: an SMTP URL can carry a password.
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!schemes.includes(url.protocol))
    throw new ConfigError(`${name} must start with ${schemes.map((s) => `${s}//`).join(' or ')}`);
  return value.replace(/\/+$/, '');
}

/** `address@domain` or `Name <address@domain>`: refused at start-up rather than by the first mail. */
function mailFromOf(value: string): string {
  if (!/^(?:[^<>]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/.test(value.trim()))
    throw new ConfigError(`MAIL_FROM must be an address or "Name <address>", got ${JSON.stringify(value)}`);
  return value.trim();
}

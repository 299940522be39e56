import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has the embedded defaults of API.md', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      dataDir: resolve('./var'),
      eventStoreConnectionString: undefined,
      redisUrl: undefined,
      bootstrapToken: undefined,
      smtpUrl: undefined,
      mailFrom: 'Connect & Share <no-reply@connect-and-share.invalid>',
      publicUrl: 'http://localhost:3000',
      facilitatorNetworkId: 'nht-network',
      facilitatorName: 'National Highways & Transport Network',
      logLevel: 'info',
      rateLimitPerMinute: 600,
      publicWritesPerHour: 60,
      signUpsPerHour: 10,
      signUpsPerEmailPerDay: 5,
      schedulerIntervalMs: 30_000,
      idempotencyTtlHours: 24,
      ledgerOrigin: 'localhost:3000',
      ledgerSignerKey: undefined,
      checkpointIntervalSeconds: 300,
      sessionHours: 8,
    });
  });

  it('reads SESSION_HOURS and refuses what is not a positive integer', () => {
    expect(loadConfig({ SESSION_HOURS: '24' }).sessionHours).toBe(24);
    for (const value of ['0', '-1', '1.5', 'eight'])
      expect(() => loadConfig({ SESSION_HOURS: value })).toThrow(ConfigError);
  });

  it('reads the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/tmp/cns',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      REDIS_URL: 'redis://127.0.0.1:6379',
      FACILITATOR_NAME: 'Midlands Highways Alliance',
      IDEMPOTENCY_TTL_HOURS: '48',
    });
    expect(config).toMatchObject({
      facilitatorName: 'Midlands Highways Alliance',
      idempotencyTtlHours: 48,
      port: 8080,
      dataDir: '/tmp/cns',
      eventStoreConnectionString: 'esdb://localhost:2113?tls=false',
      redisUrl: 'redis://127.0.0.1:6379',
    });
  });

  it.each(['abc', '70000', '-1', '3.5'])('refuses PORT=%s', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(ConfigError);
  });

  it('reads the mail settings and refuses what would only fail at the first mail', () => {
    expect(
      loadConfig({
        SMTP_URL: 'smtps://user:secret@mail.example.org:465',
        MAIL_FROM: 'alerts@example.org',
        PUBLIC_URL: 'https://connect-and-share.example.org/',
      }),
    ).toMatchObject({
      smtpUrl: 'smtps://user:secret@mail.example.org:465',
      mailFrom: 'alerts@example.org',
      publicUrl: 'https://connect-and-share.example.org',
    });
    expect(() => loadConfig({ SMTP_URL: 'https://mail.example.org' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: 'smtp://user:secret@[' })).toThrow(/^SMTP_URL is not a valid URL$/);
    expect(() => loadConfig({ MAIL_FROM: 'nobody' })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://example.org' })).toThrow(ConfigError);
  });

  it('reads RATE_LIMIT_PER_MINUTE and refuses what is not a positive integer', () => {
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '30' }).rateLimitPerMinute).toBe(30);
    for (const value of ['0', '-5', 'many', '1.5']) {
      expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: value })).toThrow(ConfigError);
    }
  });

  it.each([
    ['PUBLIC_WRITES_PER_HOUR', 'publicWritesPerHour'],
    ['SIGN_UPS_PER_HOUR', 'signUpsPerHour'],
    ['SIGN_UPS_PER_EMAIL_PER_DAY', 'signUpsPerEmailPerDay'],
  ] as const)('reads %s and refuses what is not a positive integer', (name, setting) => {
    expect(loadConfig({ [name]: '3' })[setting]).toBe(3);
    for (const value of ['0', '-5', 'many', '1.5'])
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  });
});

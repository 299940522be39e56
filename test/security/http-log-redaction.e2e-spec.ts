import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { createApi } from '../../apps/api/src/api';
import { claimCodeMailedTo, enrolNetwork, httpClient } from '../support/running-api';

const FACILITATOR = 'facilitator-token-that-must-never-be-logged-0123456789';

/** Issue 9, finding 1: a journey with several credentials, then the log searched for each of them. */
describe('the request log', () => {
  let app: INestApplication;
  let dataDir: string;
  let root: string;
  let log = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cns-http-log-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'info', BOOTSTRAP_TOKEN: FACILITATOR });
    app = await createApi(config, { write: (line: string) => (log += line) });
    await app.listen(0, '127.0.0.1');
    root = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Lines are written as responses finish, which can be just after the client has its answer. */
  async function logged(pattern: RegExp): Promise<void> {
    for (let attempt = 0; attempt < 100 && !pattern.test(log); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toMatch(pattern);
  }

  it('holds none of the tokens and codes a journey used, in headers, cookies or query strings', async () => {
    const call = httpClient(`${root}/api/v1`);
    expect((await call('GET', '/me', FACILITATOR)).status).toBe(200);

    const { token: coordinator } = await enrolNetwork({ call, dataDir }, FACILITATOR, 'wmha');
    const mailedClaimCode = claimCodeMailedTo(dataDir, 'wmha@example.org');
    expect((await call('GET', '/me', coordinator)).status).toBe(200);
    expect((await call('GET', '/me', 'a-wrong-token-that-must-not-be-logged-either')).status).toBe(401);

    expect((await call('POST', '/subscriptions', undefined, { email: 'reader@example.org' })).status).toBe(
      202,
    );
    const mail = readOutbox(join(dataDir, 'outbox')).find(({ to }) => to === 'reader@example.org')!;
    const tokens = [...mail.text.matchAll(/\/subscribe\/(?:confirm|unsubscribe)\?token=([\w.-]+)/g)].map(
      ([, token]) => token,
    );
    expect(tokens).toHaveLength(2);
    // Tokens and codes in query strings, as mailed links carry them, and in the cookie a page would set.
    const claimCode = 'claim-code-that-must-not-be-logged-0123456789';
    for (const path of [
      `/subscriptions/confirm?token=${tokens[0]}`,
      `/subscriptions/unsubscribe?token=${tokens[1]}`,
      // The digest's one-click link (RFC 8058), a real route with its token in the query string.
      `/subscriptions/unsubscribe/one-click?token=${tokens[1]}`,
      `/claims?code=${claimCode}`,
    ])
      await fetch(`${root}/api/v1${path}`, { headers: { cookie: `sid=${coordinator}` }, redirect: 'manual' });
    expect((await call('POST', '/subscriptions/confirm', undefined, { token: tokens[0] })).status).toBe(200);
    await logged(/"method":"POST","url":"\/api\/v1\/subscriptions\/confirm"/);

    expect(log).toMatch(/"url":"\/api\/v1\/claims"/);
    expect(log).toMatch(/"authorization":"\[redacted\]"/);
    expect(log).toMatch(/"cookie":"\[redacted\]"/);
    const secrets = [FACILITATOR, coordinator, 'a-wrong-token', ...tokens, claimCode, mailedClaimCode];
    expect(secrets.filter((secret) => log.includes(secret))).toEqual([]);
  });
});

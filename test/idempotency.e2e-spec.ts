import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { createApi } from '../apps/api/src/api';
import { enrolNetwork, httpClient } from './support/running-api';
import { answerOf, expectRefused } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-idempotency-test-0123456789';

describe('Idempotency-Key', () => {
  let app: INestApplication;
  let dataDir: string;
  let base: string;
  let store: EventStore;
  let coordinator: string;

  const post = (path: string, body: unknown, key?: string, token = coordinator) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cns-idempotency-'));
    app = await createApi(
      loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', BOOTSTRAP_TOKEN: FACILITATOR }),
    );
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/api/v1`;
    store = app.get(EventStore);
    ({ token: coordinator } = await enrolNetwork({ call: httpClient(base), dataDir }, FACILITATOR, 'a'));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the same command retried 10 times with its key writes once and answers the same', async () => {
    const member = { name: 'Ann', email: 'ann@example.org', roles: ['contributor'] };
    const before = await store.headPosition();
    const responses = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await post('/networks/a/members', member, 'register-ann-1');
      responses.push({ status: response.status, body: await response.json() });
    }
    expect(new Set(responses.map((response) => JSON.stringify(response))).size).toBe(1);
    expect(responses[0].status).toBe(201);
    const written = (await store.readAll({ fromPosition: before + 1n })).filter(
      (event) => event.type === 'MemberRegistered',
    );
    expect(written).toHaveLength(1);
  });

  it('replays a token shown once without keeping it readable on disk', async () => {
    const first = (await (
      await post('/networks/a/members', { name: 'Ed', email: 'ed@example.org', roles: ['contributor'] }, 'ed')
    ).json()) as { personId: string };
    const issue = () =>
      post(`/networks/a/members/${first.personId}/tokens`, { expiresInDays: 30 }, 'ed-token');
    const { token } = (await (await issue()).json()) as { token: string };
    expect(((await (await issue()).json()) as { token: string }).token).toBe(token);
    const raw = ['idempotency.sqlite', 'idempotency.sqlite-wal']
      .map((file) => readFileSync(join(dataDir, file)).toString('latin1'))
      .join('');
    expect(raw).not.toContain(token);
  });

  it('refuses the same key with a different body, writing nothing', async () => {
    await post(
      '/networks/a/members',
      { name: 'Bo', email: 'bo@example.org', roles: ['contributor'] },
      'register-bo',
    );
    await expectRefused(
      { store },
      async () =>
        answerOf(
          await post(
            '/networks/a/members',
            { name: 'Cy', email: 'cy@example.org', roles: ['contributor'] },
            'register-bo',
          ),
        ),
      422,
    );
  });

  it('without a key, each request is a new command', async () => {
    const member = { name: 'Di', email: 'di@example.org', roles: ['contributor'] };
    const first = (await (await post('/networks/a/members', member)).json()) as { personId: string };
    const second = (await (await post('/networks/a/members', member)).json()) as { personId: string };
    expect(first.personId).not.toBe(second.personId);
  });
});

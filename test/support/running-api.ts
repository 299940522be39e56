import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Clock } from '@app/application';
import { AppConfig, loadConfig } from '@app/config';
import { EventStore, RecordedEvent } from '@app/event-store';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { CURRENT_PRINCIPLES } from '@app/reference-data';
import { configureApi, createApi } from '../../apps/api/src/api';
import { AppModule } from '../../apps/api/src/app.module';
import { eventually } from './eventually';

export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the route answers
  body: any;
  type: string | null;
}

/** A real API on a real port with its own DATA_DIR, as end-to-end suites use it. */
export interface RunningApi {
  app: INestApplication;
  base: string;
  dataDir: string;
  store: EventStore;
  call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  close(): Promise<void>;
}

type Call = RunningApi['call'];

/** JSON over HTTP against an API at `base` (…/api/v1), with an optional bearer token. */
export function httpClient(base: string): Call {
  return async (method, path, token, body, headers = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return answerOf(response);
  };
}

/** A fetch response as the suites read it: status, parsed JSON body, content type. */
export async function answerOf(response: Response): Promise<ApiResponse> {
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    type: response.headers.get('content-type'),
  };
}

/** The API as `createApi` builds it, but telling the time by `clock`, for suites that move time on. */
async function createApiWithClock(config: AppConfig, clock: Clock): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  return configureApi(moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false }));
}

export async function startApi(
  name: string,
  env: Record<string, string> = {},
  { clock, dataDir: existing }: { clock?: Clock; dataDir?: string } = {},
): Promise<RunningApi> {
  // An existing DATA_DIR is a restart: it is the caller's to remove.
  const dataDir = existing ?? mkdtempSync(join(tmpdir(), `cns-${name}-`));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const app = clock ? await createApiWithClock(config, clock) : await createApi(config);
  await app.listen(0, '127.0.0.1');
  const base = `${await app.getUrl()}/api/v1`;
  return {
    app,
    base,
    dataDir,
    store: app.get(EventStore),
    call: httpClient(base),
    async close() {
      await app.close();
      if (!existing) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a request that must succeed answers; any other status throws, with what the API said. */
export async function succeeds(response: Promise<ApiResponse>, status = 201): Promise<ApiResponse> {
  const answered = await response;
  if (answered.status !== status) throw new Error(`${answered.status}: ${JSON.stringify(answered.body)}`);
  return answered;
}

/** The claim code mailed to `email` (the newest), as the coordinator reads it from the link. */
export function claimCodeMailedTo(dataDir: string, email: string): string {
  const mail = readOutbox(join(dataDir, 'outbox'))
    .reverse()
    .find((sent) => sent.to.includes(email) && /\/claim\//.test(sent.text));
  const code = mail && /\/claim\/(\S+)/.exec(mail.text)?.[1];
  if (!code) throw new Error(`No claim link was mailed to ${email}`);
  return code;
}

export interface EnrolledNetwork {
  personId: string;
  token: string;
  tokenId: string;
  /** Of the claim: the last write. */
  position: number;
}

/**
 * Enrols a network as the facilitator does, then, as its first coordinator, claims the first token with the code
 * from the mailed link (the facilitator never sees it). `coordinator` defaults to `Coordinator <id>`.
 */
export async function enrolNetwork(
  api: { call: Call; dataDir: string },
  facilitatorToken: string,
  networkId: string,
  {
    name = `Network ${networkId}`,
    region,
    coordinator = { name: `Coordinator ${networkId}`, email: `${networkId}@example.org` },
  }: { name?: string; region?: string; coordinator?: { name: string; email: string } } = {},
): Promise<EnrolledNetwork> {
  const enrolled = await api.call('POST', '/networks', facilitatorToken, {
    networkId,
    name,
    scope: 'regional',
    ...(region ? { region } : {}),
    coordinator,
  });
  if (enrolled.status !== 201) throw new Error(`Enrolling ${networkId}: ${JSON.stringify(enrolled.body)}`);
  const claimed = await api.call('POST', '/claims', undefined, {
    code: claimCodeMailedTo(api.dataDir, coordinator.email),
  });
  if (claimed.status !== 201) throw new Error(`Claiming ${networkId}: ${JSON.stringify(claimed.body)}`);
  const { personId, token, tokenId, position } = claimed.body;
  return { personId, token, tokenId, position };
}

/**
 * Enrols networks whose first coordinator (also a contributor) holds the network's seat and, unless told not to,
 * has adopted the current principles. Returns each coordinator's token and person id.
 */
export async function enrolSeatedNetworks(
  api: { call: Call; dataDir: string },
  facilitatorToken: string,
  networkIds: string[],
  { adoptPrinciples = true } = {},
): Promise<Record<string, { token: string; personId: string }>> {
  const coordinators: Record<string, { token: string; personId: string }> = {};
  for (const networkId of networkIds) {
    const { token, personId } = await enrolNetwork(api, facilitatorToken, networkId);
    coordinators[networkId] = { token, personId };
    await api.call('PUT', `/networks/${networkId}/representative`, token, { personId });
    if (adoptPrinciples)
      await api.call('POST', `/networks/${networkId}/principles`, token, {
        principlesVersion: CURRENT_PRINCIPLES.version,
      });
  }
  return coordinators;
}

/** The first `type` event in `stream`, once it is there: for what policies append after a response. */
export function eventuallyAppended(store: EventStore, stream: string, type: string): Promise<RecordedEvent> {
  return eventually(`${type} in ${stream}`, async () =>
    (await store.readStream(stream).catch(() => [])).find((event) => event.type === type),
  );
}

/**
 * Runs a request that must be refused: answers `status` (one of them, if several) as problem+json, of `problem`
 * type if given, and the log did not grow (DESIGN §5: a refused command writes nothing). The response, for more.
 */
export async function expectRefused<R extends Pick<ApiResponse, 'status' | 'type' | 'body'>>(
  api: { store: EventStore },
  request: () => Promise<R>,
  status: number | number[],
  problem?: string,
): Promise<R> {
  const before = await api.store.headPosition();
  const response = await request();
  const statuses = Array.isArray(status) ? status : [status];
  // A status that is none of those allowed is shown against the whole list.
  expect({ status: response.status, problem: response.body?.type }).toEqual({
    status: statuses.includes(response.status) ? response.status : status,
    problem: problem === undefined ? response.body?.type : `/problems/${problem}`,
  });
  expect(response.type).toMatch(/^application\/problem\+json/);
  expect(await api.store.headPosition()).toBe(before);
  return response;
}

import { readdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { FixedClock } from '@app/application';
import * as sample from '../fixtures/sample-files';
import { UnreferencedBlobSweeper } from '../../apps/api/src/attachments/unreferenced-blob-sweeper';
import { enrolSeatedNetworks, RunningApi, startApi } from '../support/running-api';

const FACILITATOR = 'facilitator-token-for-the-upload-limits-test-0123456789';
const MB = 1024 * 1024;
const PDF = 'application/pdf';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the route answers
  body: any;
}

/** An upload whose body the test sends piece by piece, to see what the server does before it has all of it. */
function openUpload(api: RunningApi, token: string | undefined, headers: Record<string, string> = {}) {
  const request = httpRequest(`${api.base}/attachments`, {
    method: 'POST',
    headers: {
      'content-type': PDF,
      'x-filename': 'report.pdf',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
  });
  let sent = 0;
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: response.statusCode!,
          headers: response.headers,
          body: text ? JSON.parse(text) : undefined,
        });
      });
    });
  });
  return {
    answer,
    /** Bytes of the body sent so far. */
    sent: () => sent,
    write: (bytes: Buffer) =>
      new Promise<void>((resolve, reject) => {
        sent += bytes.length;
        request.write(bytes, (error) => (error ? reject(error) : resolve()));
      }),
    end: (bytes: Buffer) => {
      sent += bytes.length;
      request.end(bytes);
    },
    /** Whether the client is still sending: the body has not been ended. */
    open: () => !request.writableEnded,
    abandon: () => {
      request.on('error', () => undefined);
      request.destroy();
    },
  };
}

/** The answer, if it comes within `ms` while the client is still sending; otherwise the test fails saying so. */
function answerWithin(upload: ReturnType<typeof openUpload>, ms: number): Promise<Answer> {
  return Promise.race([
    upload.answer,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`No answer within ${ms} ms while ${upload.sent()} bytes were sent`)),
        ms,
      ),
    ),
  ]);
}

/** Every file under DATA_DIR/blobs, staging included. */
function blobFiles(api: RunningApi): string[] {
  try {
    return readdirSync(join(api.dataDir, 'blobs'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
  } catch {
    return [];
  }
}

async function eventuallyStaging(api: RunningApi, count: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (blobFiles(api).filter((file) => file.includes('.staging')).length === count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Never ${count} uploads staging at once`);
}

async function upload(api: RunningApi, token: string, bytes: Buffer): Promise<Answer> {
  const response = await fetch(`${api.base}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': PDF, 'x-filename': 'report.pdf' },
    body: bytes,
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.json(),
  };
}

/** Issue 9, finding 4: uploads read before the caller is known, held in memory, unbounded in time and number. */
describe('uploads are read only from known contributors, to disk, within limits', () => {
  let api: RunningApi;
  let contributor: string;

  beforeAll(async () => {
    api = await startApi('limits-uploads', { BOOTSTRAP_TOKEN: FACILITATOR });
    contributor = (await enrolSeatedNetworks(api, FACILITATOR, ['a'])).a.token;
  });
  afterAll(() => api.close());

  it('refuses an upload without a token (401) before reading its 19 MB body', async () => {
    const refused = openUpload(api, undefined, { 'content-length': String(19 * MB) });
    await refused.write(Buffer.concat([sample.pdf(), Buffer.alloc(MB)]));
    const answer = await answerWithin(refused, 5000);
    expect(refused.open()).toBe(true);
    expect(refused.sent()).toBeLessThan(2 * MB);
    expect(answer).toMatchObject({ status: 401, body: { type: '/problems/unauthorized' } });
    refused.abandon();
    expect(blobFiles(api)).toEqual([]);
  });

  it('refuses a contributor a byte past 20 MB as it arrives (413), leaving nothing on disk', async () => {
    const files = blobFiles(api);
    // Chunked: no Content-Length to refuse it by, so the limit is met while streaming.
    const tooLarge = openUpload(api, contributor);
    await tooLarge.write(sample.pdf());
    for (let i = 0; i < 20; i++) await tooLarge.write(Buffer.alloc(MB, 0x20));
    const answer = await answerWithin(tooLarge, 5000);
    expect(tooLarge.open()).toBe(true);
    expect(answer).toMatchObject({ status: 413, body: { type: '/problems/body-too-large' } });
    tooLarge.abandon();
    expect(blobFiles(api)).toEqual(files);
  });

  it('refuses a declared length past 20 MB before reading any of the body (413)', async () => {
    const declared = openUpload(api, contributor, { 'content-length': String(20 * MB + 1) });
    await declared.write(sample.pdf());
    expect(await answerWithin(declared, 5000)).toMatchObject({ status: 413 });
    declared.abandon();
  });

  it("refuses a caller's third upload at once (429) while two are in flight, and takes uploads again after", async () => {
    const bytes = [sample.pdf('First'), sample.pdf('Second')];
    const inFlight = bytes.map(() => openUpload(api, contributor));
    await Promise.all(inFlight.map((pending, i) => pending.write(bytes[i].subarray(0, 20))));
    await eventuallyStaging(api, 2);

    const third = await upload(api, contributor, sample.pdf('Third'));
    expect(third).toMatchObject({ status: 429, body: { type: '/problems/rate-limited' } });
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);

    inFlight.forEach((pending, i) => pending.end(bytes[i].subarray(20)));
    expect((await Promise.all(inFlight.map(({ answer }) => answer))).map(({ status }) => status)).toEqual([
      201, 201,
    ]);
    expect((await upload(api, contributor, sample.pdf('Fourth'))).status).toBe(201);
  });

  it('bounds the time a request may take: 20 s for its headers, 120 s in all', () => {
    const server = api.app.getHttpServer() as { headersTimeout: number; requestTimeout: number };
    expect({ headers: server.headersTimeout, request: server.requestTimeout }).toEqual({
      headers: 20_000,
      request: 120_000,
    });
  });
});

describe('blobs no submission references', () => {
  const clock = new FixedClock(new Date());
  let api: RunningApi;
  let contributor: string;

  beforeAll(async () => {
    api = await startApi('limits-sweep', { BOOTSTRAP_TOKEN: FACILITATOR }, { clock });
    contributor = (await enrolSeatedNetworks(api, FACILITATOR, ['a'])).a.token;
  });
  afterAll(() => api.close());

  const download = (sha256: string) =>
    fetch(`${api.base}/attachments/${sha256}`, { headers: { authorization: `Bearer ${contributor}` } }).then(
      ({ status }) => status,
    );

  it('are deleted once a day old (with staged bytes as old), while referenced ones stay', async () => {
    const referenced = (await upload(api, contributor, sample.pdf('Referenced'))).body;
    const unreferenced = (await upload(api, contributor, sample.pdf('Never submitted'))).body;
    const submitted = await api.call('POST', '/practices', contributor, {
      title: 'Drainage asset survey with gully sensors',
      summary: 'Sensors in the gullies that silt up most.',
      body: 'Report attached.',
      themes: ['drainage'],
      authorities: [],
      links: [],
      attachments: [referenced],
      contact: { name: 'Dee Rain', email: 'dee@example.org' },
    });
    expect(submitted.status).toBe(201);
    const sweeper = api.app.get(UnreferencedBlobSweeper);

    const leftByACrash = join(api.dataDir, 'blobs', '.staging', 'left-by-a-crash.tmp');
    writeFileSync(leftByACrash, sample.pdf('Half an upload'));

    expect(await sweeper.sweep()).toEqual([]);
    expect(blobFiles(api)).toContain(leftByACrash);
    clock.set(new Date(clock.now().getTime() + 25 * 3_600_000));
    expect(await sweeper.sweep()).toEqual([unreferenced.sha256]);
    expect(await download(referenced.sha256)).toBe(200);
    expect(await download(unreferenced.sha256)).toBe(404);
    expect(blobFiles(api)).not.toContain(leftByACrash);
  });
});

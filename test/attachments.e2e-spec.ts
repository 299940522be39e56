import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as sample from './fixtures/sample-files';
import { enrolSeatedNetworks, expectRefused, RunningApi, startApi } from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-attachments-test-0123456789';
const MB = 1024 * 1024;
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const content = {
  title: 'Drainage asset survey with gully sensors',
  summary: 'Sensors in the gullies that silt up most.',
  body: 'Report attached.',
  themes: ['drainage'],
  authorities: [],
  links: [],
  attachments: [],
  contact: { name: 'Dee Rain', email: 'dee@example.org' },
};
const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('attachments over HTTP', () => {
  let api: RunningApi;
  let contributor: string;
  let coordinatorOnly: string;

  interface Answer {
    status: number;
    type: string | null;
    headers: Headers;
    bytes: Buffer;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the route answers
    body: any;
  }
  async function send(path: string, init: RequestInit): Promise<Answer> {
    const response = await fetch(`${api.base}${path}`, init);
    const bytes = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type');
    return {
      status: response.status,
      type,
      headers: response.headers,
      bytes,
      body: /json/.test(type ?? '') ? JSON.parse(bytes.toString('utf8')) : undefined,
    };
  }
  function upload(
    token: string | undefined,
    bytes: Buffer,
    contentType: string | undefined,
    /** null: no X-Filename header. */
    filename: string | null = 'file',
  ) {
    return send('/attachments', {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(contentType ? { 'content-type': contentType } : {}),
        ...(filename === null ? {} : { 'x-filename': filename }),
      },
      body: bytes,
    });
  }
  const download = (token: string | undefined, sha256: string) =>
    send(`/attachments/${sha256}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  /** Every file under DATA_DIR/blobs, temp files included. */
  const storedFiles = () => {
    try {
      return readdirSync(join(api.dataDir, 'blobs'), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name))
        .sort();
    } catch {
      return [];
    }
  };

  /** Refused with this status and problem type, writing neither a blob nor an event. */
  async function refusedUpload(request: () => Promise<Answer>, status: number, type: string) {
    const files = storedFiles();
    const { body } = await expectRefused(api, request, status, type);
    expect(storedFiles()).toEqual(files);
    return body;
  }

  beforeAll(async () => {
    api = await startApi('attachments', { BOOTSTRAP_TOKEN: FACILITATOR });
    const { a } = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b']);
    contributor = a.token;
    const registered = await api.call('POST', '/networks/a/members', a.token, {
      name: 'Cody Ordinator',
      email: 'cody@example.org',
      roles: ['coordinator'],
    });
    coordinatorOnly = (
      await api.call('POST', `/networks/a/members/${registered.body.personId}/tokens`, a.token, {})
    ).body.token;
  });
  afterAll(() => api.close());

  it.each([
    ['a PDF', 'report.pdf', sample.pdf(), PDF],
    ['a PNG', 'gully.png', sample.png(), 'image/png'],
    ['a docx', 'survey.docx', sample.docx(), DOCX],
    ['a legacy Word file', 'survey.doc', sample.compoundFileHeader(), 'application/msword'],
  ])(
    'stores %s under its SHA-256 and answers with the type sniffed from it; no event',
    async (_, name, bytes, mediaType) => {
      const head = await api.store.headPosition();
      const sha256 = sha256Of(bytes);
      const uploaded = await upload(contributor, bytes, `${mediaType}; charset=binary`, name);
      expect({ status: uploaded.status, body: uploaded.body }).toEqual({
        status: 201,
        body: { sha256, name, mediaType, size: bytes.length },
      });
      expect(storedFiles()).toContain(
        join(api.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256),
      );
      expect(await api.store.headPosition()).toBe(head);
    },
  );

  it('answers the same bytes the same way, and keeps them once', async () => {
    const bytes = sample.pdf('Uploaded twice');
    const first = await upload(contributor, bytes, PDF, 'twice.pdf');
    const files = storedFiles();
    const second = await upload(contributor, bytes, PDF, 'twice.pdf');
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 201, body: first.body });
    expect(storedFiles()).toEqual(files);
  });

  it('replays an upload retried with its Idempotency-Key, and refuses the key with other bytes', async () => {
    const retried = (bytes: Buffer) =>
      send('/attachments', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${contributor}`,
          'content-type': PDF,
          'x-filename': 'retried.pdf',
          'idempotency-key': 'upload-retried-once',
        },
        body: bytes,
      });
    const bytes = sample.pdf('Retried upload');
    const first = await retried(bytes);
    expect(first.status).toBe(201);
    const again = await retried(bytes);
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    await expectRefused(api, () => retried(sample.pdf('Other bytes under the same key')), 422);
  });

  it.each([
    ['HTML', sample.html(), 'text/html'],
    ['an executable', sample.exeHeader(), 'application/x-msdownload'],
    ['an executable passed off as a PDF', sample.exeHeader(), PDF],
    ['a plain zip', sample.plainZip(), 'application/zip'],
    ['plain text', sample.text(), 'text/plain'],
    ['SVG', sample.svg(), 'image/svg+xml'],
    ['JSON', Buffer.from('{"a":1}'), 'application/json'],
    ['an empty body', Buffer.alloc(0), PDF],
  ])(
    'refuses %s (422 media-type-allowed, naming what is allowed), storing nothing',
    async (_, bytes, type) => {
      const problem = await refusedUpload(() => upload(contributor, bytes, type), 422, 'media-type-allowed');
      expect(problem.detail).toMatch(/application\/pdf.*image\/png.*wordprocessingml/);
    },
  );

  it('refuses a declared type that disagrees with the bytes (422 media-type-matches)', async () => {
    await refusedUpload(
      () => upload(contributor, sample.pdf('Not a PNG'), 'image/png'),
      422,
      'media-type-matches',
    );
    await refusedUpload(() => upload(contributor, sample.png(1), undefined), 422, 'media-type-matches');
  });

  it('takes 20 MB and refuses a byte more (413), storing nothing', async () => {
    const head = sample.pdf('Big');
    const exactly = Buffer.concat([head, Buffer.alloc(20 * MB - head.length, 0x20)]);
    expect((await upload(contributor, exactly, PDF)).body).toEqual({
      sha256: sha256Of(exactly),
      name: 'file',
      mediaType: PDF,
      size: 20 * MB,
    });
    await refusedUpload(
      () => upload(contributor, Buffer.concat([exactly, Buffer.from(' ')]), PDF),
      413,
      'body-too-large',
    );
  });

  it('needs a token (401) and the contributor role (403)', async () => {
    await refusedUpload(() => upload(undefined, sample.pdf('No token'), PDF), 401, 'unauthorized');
    await refusedUpload(() => upload('not-a-known-token', sample.pdf('Bad token'), PDF), 401, 'unauthorized');
    await refusedUpload(() => upload(coordinatorOnly, sample.pdf('Coordinator'), PDF), 403, 'not-allowed');
  });

  it.each([
    ['missing', null, 'isNotEmpty'],
    ['a path', '../reports/r.pdf', 'isFilename'],
    ['a Windows path', 'C:\\reports\\r.pdf', 'isFilename'],
    ['a parent directory', '..', 'isFilename'],
    ['a C1 control character', Buffer.from('r\u0085.pdf').toString('latin1'), 'isFilename'],
    ['a right-to-left override', Buffer.from('r\u202Efdp.exe').toString('latin1'), 'isFilename'],
    ['not UTF-8', Buffer.from([0x72, 0xff, 0x2e]).toString('latin1'), 'isUtf8'],
    ['longer than 255 characters', `${'r'.repeat(252)}.pdf`, 'maxLength'],
  ])('refuses an X-Filename that is %s (400)', async (_, filename, rule) => {
    const problem = await refusedUpload(
      () => upload(contributor, sample.pdf(`Named ${rule}`), PDF, filename),
      400,
      'validation',
    );
    expect(problem.errors).toEqual([{ field: 'X-Filename', rule, message: expect.any(String) }]);
  });

  it('takes a UTF-8 file name of 255 characters', async () => {
    const name = `é${'r'.repeat(250)}.pdf`;
    const uploaded = await upload(
      contributor,
      sample.pdf('Accented'),
      PDF,
      Buffer.from(name).toString('latin1'),
    );
    expect(uploaded).toMatchObject({ status: 201, body: { name } });
  });

  it('gives the bytes back to any member, byte for byte, as a download that is never sniffed', async () => {
    const bytes = sample.docx();
    const { sha256 } = (await upload(contributor, bytes, DOCX, 'survey.docx')).body;
    // A member without the contributor role may still read.
    const downloaded = await download(coordinatorOnly, sha256);
    expect(downloaded.status).toBe(200);
    expect(downloaded.bytes.equals(bytes)).toBe(true);
    expect(downloaded.type).toBe(DOCX);
    expect(downloaded.headers.get('content-length')).toBe(String(bytes.length));
    expect(downloaded.headers.get('content-disposition')).toBe(`attachment; filename="${sha256}.docx"`);
    expect(downloaded.headers.get('x-content-type-options')).toBe('nosniff');

    expect((await download(undefined, sha256)).status).toBe(401);
    expect(await download(contributor, 'f'.repeat(64))).toMatchObject({
      status: 404,
      body: { type: '/problems/not-found' },
    });
    for (const notAnAddress of [sha256.toUpperCase(), sha256.slice(1), `${sha256.slice(1)}g`])
      expect(await download(contributor, notAnAddress)).toMatchObject({
        status: 400,
        body: { type: '/problems/validation', errors: [{ field: 'sha256' }] },
      });
  });

  describe('submissions that reference blobs', () => {
    let report: { sha256: string; name: string; mediaType: string; size: number };

    beforeAll(async () => {
      report = (await upload(contributor, sample.pdf('Survey report'), PDF, 'survey-report.pdf')).body;
    });

    const refusedSubmission = async (path: string, body: unknown, rule: string) =>
      (await expectRefused(api, () => api.call('POST', path, contributor, body), 422, rule)).body;

    it('records a submission that references an uploaded blob, as uploaded', async () => {
      const submitted = await api.call('POST', '/practices', contributor, {
        ...content,
        attachments: [report],
      });
      expect(submitted.status).toBe(201);
      const { practiceId } = submitted.body;
      const view = await api.call('GET', `/practices/${practiceId}`, contributor);
      expect(view.body).toMatchObject({ state: 'submitted', history: [{ type: 'PracticeSubmitted' }] });
      const [event] = await api.store.readStream(`practice-${practiceId}`);
      expect((event.data as { content: { attachments: unknown } }).content.attachments).toEqual([report]);
    });

    it('refuses a hash never uploaded (attachment-stored), naming it, and writes nothing', async () => {
      const forged = { ...report, sha256: sha256Of(Buffer.from('never uploaded')) };
      const problem = await refusedSubmission(
        '/practices',
        { ...content, attachments: [report, forged] },
        'attachment-stored',
      );
      expect(problem.detail).toContain(forged.sha256);
    });

    it.each([
      ['size', { size: 1 }],
      ['media type', { mediaType: 'image/png' }],
    ])('refuses a reference whose %s is not what was stored (attachment-matches)', async (_, change) => {
      await refusedSubmission(
        '/practices',
        { ...content, attachments: [{ ...report, ...change }] },
        'attachment-matches',
      );
    });

    it('checks revisions the same way', async () => {
      const { practiceId } = (await api.call('POST', '/practices', contributor, content)).body;
      const forged = { ...report, sha256: 'e'.repeat(64) };
      await refusedSubmission(
        `/practices/${practiceId}/revisions`,
        { ...content, attachments: [forged], basedOnVersion: 1 },
        'attachment-stored',
      );
      const revised = await api.call('POST', `/practices/${practiceId}/revisions`, contributor, {
        ...content,
        attachments: [report],
        basedOnVersion: 1,
      });
      expect(revised).toMatchObject({ status: 201, body: { version: 2 } });
    });
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilesystemBlobStore } from './filesystem-blob-store';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('FilesystemBlobStore', () => {
  let root: string;
  let store: FilesystemBlobStore;

  beforeEach(() => {
    root = join(mkdtempSync(join(tmpdir(), 'cns-blobs-')), 'blobs');
    store = new FilesystemBlobStore(root);
  });
  afterEach(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  const directoryOf = (sha256: string) => join(root, sha256.slice(0, 2), sha256.slice(2, 4));

  it('stores bytes under their SHA-256 in a two-level fan-out, with the media type beside them', async () => {
    const sha256 = sha256Of(PDF);
    expect(await store.put(PDF, 'application/pdf')).toEqual({
      sha256,
      size: PDF.length,
      mediaType: 'application/pdf',
    });
    expect(readFileSync(join(directoryOf(sha256), sha256))).toEqual(PDF);
    expect(JSON.parse(readFileSync(join(directoryOf(sha256), `${sha256}.json`), 'utf8'))).toEqual({
      mediaType: 'application/pdf',
    });
  });

  it('is idempotent: the same bytes keep one address, one file and the media type first recorded', async () => {
    const first = await store.put(PDF, 'application/pdf');
    const again = await store.put(Buffer.from(PDF), 'application/msword');
    expect(again).toEqual(first);
    // No temp file is left behind: the blob and its sidecar are all there is.
    expect(readdirSync(directoryOf(first.sha256)).sort()).toEqual([first.sha256, `${first.sha256}.json`]);
  });

  it('gives back the same bytes and what it recorded, also to a new instance over the same directory', async () => {
    const { sha256 } = await store.put(PDF, 'application/pdf');
    const reopened = new FilesystemBlobStore(root);
    expect(await reopened.get(sha256)).toEqual({
      blob: { sha256, size: PDF.length, mediaType: 'application/pdf' },
      bytes: PDF,
    });
    expect(await reopened.stat(sha256)).toEqual({ sha256, size: PDF.length, mediaType: 'application/pdf' });
  });

  it('knows nothing of an address never stored, or of anything that is not an address', async () => {
    await store.put(PDF, 'application/pdf');
    expect(await store.stat('0'.repeat(64))).toBeUndefined();
    expect(await store.get('0'.repeat(64))).toBeUndefined();
    for (const notAnAddress of [sha256Of(PDF).toUpperCase(), '../../etc/passwd', `${sha256Of(PDF)}.json`, ''])
      expect(await store.stat(notAnAddress)).toBeUndefined();
  });

  it('does not count what a crash mid-write leaves (a temp file, a sidecar without its blob) as stored', async () => {
    const sha256 = sha256Of(PDF);
    mkdirSync(directoryOf(sha256), { recursive: true });
    writeFileSync(join(directoryOf(sha256), `.${sha256}.0123456789abcdef.tmp`), PDF.subarray(0, 4));
    writeFileSync(join(directoryOf(sha256), `${sha256}.json`), JSON.stringify({ mediaType: 'image/png' }));
    expect(await store.stat(sha256)).toBeUndefined();

    expect(await store.put(PDF, 'application/pdf')).toEqual({
      sha256,
      size: PDF.length,
      mediaType: 'application/pdf',
    });
    expect((await store.get(sha256))?.bytes).toEqual(PDF);
  });
});

import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { BlobTooLarge } from '@app/application';
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
  /** Every file under the store, staging included. */
  const files = () =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  const put = async (bytes: Buffer, mediaType: string) =>
    (await store.stage(chunksOf(bytes), 1024)).keep(mediaType);

  it('stores bytes under their SHA-256 in a two-level fan-out, with the media type beside them', async () => {
    const sha256 = sha256Of(PDF);
    expect(await put(PDF, 'application/pdf')).toEqual({
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
    const first = await put(PDF, 'application/pdf');
    const again = await put(Buffer.from(PDF), 'application/msword');
    expect(again).toEqual(first);
    // No temp file is left behind: the blob and its sidecar are all there is.
    expect(readdirSync(directoryOf(first.sha256)).sort()).toEqual([first.sha256, `${first.sha256}.json`]);
  });

  it('gives back the same bytes and what it recorded, also to a new instance over the same directory', async () => {
    const { sha256 } = await put(PDF, 'application/pdf');
    const reopened = new FilesystemBlobStore(root);
    expect(await reopened.get(sha256)).toEqual({
      blob: { sha256, size: PDF.length, mediaType: 'application/pdf' },
      bytes: PDF,
    });
    expect(await reopened.stat(sha256)).toEqual({ sha256, size: PDF.length, mediaType: 'application/pdf' });
  });

  it('knows nothing of an address never stored, or of anything that is not an address', async () => {
    await put(PDF, 'application/pdf');
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

    expect(await put(PDF, 'application/pdf')).toEqual({
      sha256,
      size: PDF.length,
      mediaType: 'application/pdf',
    });
    expect((await store.get(sha256))?.bytes).toEqual(PDF);
  });

  it('stages bytes as they arrive, hashed, and stores them only when kept', async () => {
    const staged = await store.stage(chunksOf(PDF), PDF.length);
    expect({ sha256: staged.sha256, size: staged.size }).toEqual({ sha256: sha256Of(PDF), size: PDF.length });
    expect(await text(staged.read())).toBe(PDF.toString());
    expect(await store.stat(staged.sha256)).toBeUndefined();
    await staged.keep('application/pdf');
    expect(await store.stat(staged.sha256)).toMatchObject({ size: PDF.length });
    expect(files().filter((file) => file.includes('.staging'))).toEqual([]);
  });

  it('stops reading past the limit and keeps nothing of the bytes', async () => {
    let chunksRead = 0;
    async function* endless() {
      for (;;) {
        chunksRead++;
        yield Buffer.alloc(100);
      }
    }
    await expect(store.stage(endless(), 250)).rejects.toThrow(BlobTooLarge);
    expect(chunksRead).toBe(3);
    expect(files()).toEqual([]);
  });

  it('discards staged bytes on request, once', async () => {
    const staged = await store.stage(chunksOf(PDF), PDF.length);
    await staged.discard();
    await staged.discard();
    expect(files()).toEqual([]);
  });

  it('lists what it stores with when it was last stored, and deletes a blob with its sidecar', async () => {
    const first = await put(PDF, 'application/pdf');
    const second = await put(Buffer.from('%PDF-1.4\nother\n'), 'application/pdf');
    const listed = [];
    for await (const blob of store.list()) listed.push(blob);
    expect(listed.map(({ sha256 }) => sha256).sort()).toEqual([first.sha256, second.sha256].sort());
    for (const { sha256, storedAt } of listed)
      expect(storedAt.getTime()).toBe(statSync(join(directoryOf(sha256), sha256)).mtime.getTime());

    await store.delete(first.sha256);
    await store.delete(first.sha256);
    expect(await store.stat(first.sha256)).toBeUndefined();
    expect(readdirSync(directoryOf(first.sha256))).not.toContain(`${first.sha256}.json`);
    expect(await store.stat(second.sha256)).toBeDefined();
  });

  it('counts bytes stored again as stored anew', async () => {
    const { sha256 } = await put(PDF, 'application/pdf');
    const blob = join(directoryOf(sha256), sha256);
    utimesSync(blob, new Date('2026-01-01'), new Date('2026-01-01'));
    await put(PDF, 'application/pdf');
    expect(statSync(blob).mtime.getTime()).toBeGreaterThan(Date.parse('2026-06-01'));
  });

  it('removes staged bytes left from before a time, and only those', async () => {
    expect(await store.discardStagedBefore(new Date())).toBe(0);
    const [old, fresh] = [
      await store.stage(chunksOf(PDF), PDF.length),
      await store.stage(chunksOf(PDF), PDF.length),
    ];
    const staged = files();
    utimesSync(staged[0], new Date('2026-01-01'), new Date('2026-01-01'));
    expect(await store.discardStagedBefore(new Date('2026-06-01'))).toBe(1);
    expect(files()).toEqual([staged[1]]);
    await Promise.all([old.discard(), fresh.discard()]);
  });
});

async function* chunksOf(bytes: Buffer): AsyncIterable<Buffer> {
  for (let at = 0; at < bytes.length; at += 4) yield bytes.subarray(at, at + 4);
}

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BlobStore, SHA256_PATTERN, StoredBlob } from '@app/application';

/**
 * Blobs as files under `root/ab/cd/<sha256>` (two levels of fan-out keep directories small), each with a sidecar
 * `<sha256>.json` holding its sniffed media type. A sidecar rather than a database keeps a blob and what is known
 * about it in one place that can be copied, backed up or checked with ordinary tools. Every file is written
 * atomically (temp file in the same directory, fsync, rename, fsync of the directory), and the sidecar before the
 * blob: a blob under its address always has its media type, and a crash leaves at most a stray temp file or a
 * sidecar without a blob, neither of which counts as stored.
 */
export class FilesystemBlobStore extends BlobStore {
  constructor(private readonly root: string) {
    super();
  }

  async put(bytes: Buffer, mediaType: string): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = await this.stat(sha256);
    if (existing) return existing;
    const directory = this.directoryOf(sha256);
    await syncNewDirectories(directory, await mkdir(directory, { recursive: true }));
    await writeAtomically(join(directory, `${sha256}.json`), JSON.stringify({ mediaType }));
    await writeAtomically(join(directory, sha256), bytes);
    return { sha256, size: bytes.length, mediaType };
  }

  async get(sha256: string): Promise<{ blob: StoredBlob; bytes: Buffer } | undefined> {
    const blob = await this.stat(sha256);
    if (!blob) return undefined;
    return { blob, bytes: await readFile(join(this.directoryOf(sha256), sha256)) };
  }

  async stat(sha256: string): Promise<StoredBlob | undefined> {
    if (!SHA256_PATTERN.test(sha256)) return undefined;
    const directory = this.directoryOf(sha256);
    let size: number;
    try {
      size = (await stat(join(directory, sha256))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const { mediaType } = JSON.parse(await readFile(join(directory, `${sha256}.json`), 'utf8')) as {
      mediaType: string;
    };
    return { sha256, size, mediaType };
  }

  private directoryOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4));
  }
}

async function writeAtomically(file: string, data: Buffer | string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(file));
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A new directory's name is an entry in its parent: sync each parent, from the first directory created down. */
async function syncNewDirectories(leaf: string, firstCreated: string | undefined): Promise<void> {
  if (!firstCreated) return;
  const created: string[] = [];
  for (let directory = leaf; directory !== dirname(firstCreated); directory = dirname(directory))
    created.unshift(directory);
  for (const directory of created) await syncDirectory(dirname(directory));
}

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, unlinkSync } from 'node:fs';
import { mkdir, open, opendir, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { BlobStore, BlobTooLarge, SHA256_PATTERN, StagedBlob, StoredBlob } from '@app/application';

const FAN_OUT = /^[0-9a-f]{2}$/;

/**
 * Blobs as files under `root/ab/cd/<sha256>` (two levels of fan-out keep directories small), each with a sidecar
 * `<sha256>.json` holding its sniffed media type. A sidecar rather than a database keeps a blob and what is known
 * about it in one place that can be copied, backed up or checked with ordinary tools. Every file is written
 * atomically (temp file, fsync, rename, fsync of the directory), and the sidecar before the blob: a blob under its
 * address always has its media type, and a crash leaves at most a stray temp file or a sidecar without a blob,
 * neither of which counts as stored. Incoming bytes are staged in `root/.staging/` (the same file system, so
 * keeping them is a rename). A blob's modification time is when it was last stored.
 */
export class FilesystemBlobStore extends BlobStore {
  private readonly staging: string;

  constructor(private readonly root: string) {
    super();
    this.staging = join(root, '.staging');
  }

  async stage(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StagedBlob> {
    await mkdir(this.staging, { recursive: true, mode: 0o700 });
    const file = join(this.staging, `${randomBytes(16).toString('hex')}.tmp`);
    const hash = createHash('sha256');
    let size = 0;
    const handle = await open(file, 'wx', 0o600);
    try {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > maxBytes) throw new BlobTooLarge(maxBytes);
        hash.update(chunk);
        await handle.write(chunk);
      }
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(file).catch(ignoreMissing);
      throw error;
    }
    await handle.close();
    return this.staged(file, hash.digest('hex'), size);
  }

  private staged(file: string, sha256: string, size: number): StagedBlob {
    let settled = false;
    // Synchronous, so that bytes discarded as an answer goes out are gone before the caller can look for them.
    const discard = async () => {
      if (settled) return;
      settled = true;
      try {
        unlinkSync(file);
      } catch (error) {
        ignoreMissing(error as NodeJS.ErrnoException);
      }
    };
    return {
      sha256,
      size,
      read: (): Readable => createReadStream(file),
      keep: async (mediaType) => {
        const existing = await this.restored(sha256);
        if (existing) {
          await discard();
          return existing;
        }
        const directory = this.directoryOf(sha256);
        await syncNewDirectories(directory, await mkdir(directory, { recursive: true, mode: 0o700 }));
        await writeAtomically(join(directory, `${sha256}.json`), JSON.stringify({ mediaType }));
        await rename(file, join(directory, sha256));
        settled = true;
        await syncDirectory(directory);
        return { sha256, size, mediaType };
      },
      discard,
    };
  }

  /** A blob already stored, stored again: its time is reset, so it is as new as the upload that brought it. */
  private async restored(sha256: string): Promise<StoredBlob | undefined> {
    const existing = await this.stat(sha256);
    if (!existing) return undefined;
    const now = new Date();
    try {
      await utimes(join(this.directoryOf(sha256), sha256), now, now);
    } catch (error) {
      // Deleted since (a sweep): store it afresh.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return existing;
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

  async *list(): AsyncIterable<{ sha256: string; storedAt: Date }> {
    for (const first of await subdirectories(this.root))
      for (const second of await subdirectories(join(this.root, first))) {
        const directory = join(this.root, first, second);
        for await (const entry of await opendir(directory)) {
          if (!entry.isFile() || !SHA256_PATTERN.test(entry.name)) continue;
          const storedAt = await stat(join(directory, entry.name)).then(({ mtime }) => mtime, ignoreMissing);
          if (storedAt) yield { sha256: entry.name, storedAt };
        }
      }
  }

  async delete(sha256: string): Promise<void> {
    if (!SHA256_PATTERN.test(sha256)) return;
    const directory = this.directoryOf(sha256);
    // The blob first: a sidecar left alone by a crash does not count as stored.
    await unlink(join(directory, sha256)).catch(ignoreMissing);
    await unlink(join(directory, `${sha256}.json`)).catch(ignoreMissing);
  }

  async discardStagedBefore(time: Date): Promise<number> {
    let discarded = 0;
    try {
      for await (const entry of await opendir(this.staging)) {
        const file = join(this.staging, entry.name);
        const modified = await stat(file).then(({ mtime }) => mtime, ignoreMissing);
        if (!entry.isFile() || !modified || modified >= time) continue;
        await unlink(file).catch(ignoreMissing);
        discarded++;
      }
    } catch (error) {
      ignoreMissing(error as NodeJS.ErrnoException);
    }
    return discarded;
  }

  private directoryOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4));
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): undefined {
  if (error.code !== 'ENOENT') throw error;
  return undefined;
}

/** The fan-out directories under `directory` (none if it does not exist yet). */
async function subdirectories(directory: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of await opendir(directory))
      if (entry.isDirectory() && FAN_OUT.test(entry.name)) names.push(entry.name);
  } catch (error) {
    ignoreMissing(error as NodeJS.ErrnoException);
  }
  return names;
}

async function writeAtomically(file: string, data: Buffer | string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
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

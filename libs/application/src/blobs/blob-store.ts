import type { Readable } from 'node:stream';

/** A blob as the store recorded it: its address, its length, and the media type sniffed when it was first stored. */
export interface StoredBlob {
  sha256: string;
  size: number;
  mediaType: string;
}

/** Content addresses are lowercase hex SHA-256 digests; nothing else names a blob (or a path under the store). */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Bytes received into the store's staging area, hashed while they were written: not stored under their address
 * until kept, so that they can be checked (their type sniffed) without being held in memory.
 */
export interface StagedBlob {
  readonly sha256: string;
  readonly size: number;
  /** The staged bytes, from the first. */
  read(): Readable;
  /**
   * Stores the bytes under their address with their media type. Idempotent: bytes already stored are not written
   * again (they count as stored anew), and the answer carries the media type recorded the first time.
   */
  keep(mediaType: string): Promise<StoredBlob>;
  /** Removes the staged bytes; does nothing once they are kept or removed. */
  discard(): Promise<void>;
}

/** More bytes arrived than the stager was allowed to take; nothing of them is kept. */
export class BlobTooLarge extends Error {
  override readonly name = 'BlobTooLarge';
  constructor(readonly maxBytes: number) {
    super(`The bytes are more than ${maxBytes} long`);
  }
}

/**
 * Attachment bytes, kept outside the event log (they are not domain facts) and addressed by their SHA-256, so a
 * submission's reference to them is checkable and the same bytes are stored once.
 */
export abstract class BlobStore {
  /** Writes the bytes to the staging area as they arrive; past `maxBytes`, stops reading and throws BlobTooLarge. */
  abstract stage(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StagedBlob>;
  /** The bytes and what was recorded about them; undefined for an address not stored (or not an address). */
  abstract get(sha256: string): Promise<{ blob: StoredBlob; bytes: Buffer } | undefined>;
  /** What was recorded about a blob, without reading its bytes. */
  abstract stat(sha256: string): Promise<StoredBlob | undefined>;
  /** Every stored blob, with when it was last stored. */
  abstract list(): AsyncIterable<{ sha256: string; storedAt: Date }>;
  /** Forgets a blob; nothing for an address not stored. */
  abstract delete(sha256: string): Promise<void>;
  /** Removes staged bytes left from before `time` (by a crash, or a discard that failed); answers how many. */
  abstract discardStagedBefore(time: Date): Promise<number>;
}

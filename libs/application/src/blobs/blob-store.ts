/** A blob as the store recorded it: its address, its length, and the media type sniffed when it was first stored. */
export interface StoredBlob {
  sha256: string;
  size: number;
  mediaType: string;
}

/** Content addresses are lowercase hex SHA-256 digests; nothing else names a blob (or a path under the store). */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Attachment bytes, kept outside the event log (they are not domain facts) and addressed by their SHA-256, so a
 * submission's reference to them is checkable and the same bytes are stored once.
 */
export abstract class BlobStore {
  /**
   * Stores the bytes under their address with their media type. Idempotent: bytes already stored are not written
   * again, and the answer carries the media type recorded the first time.
   */
  abstract put(bytes: Buffer, mediaType: string): Promise<StoredBlob>;
  /** The bytes and what was recorded about them; undefined for an address not stored (or not an address). */
  abstract get(sha256: string): Promise<{ blob: StoredBlob; bytes: Buffer } | undefined>;
  /** What was recorded about a blob, without reading its bytes. */
  abstract stat(sha256: string): Promise<StoredBlob | undefined>;
}

/**
 * C2SP tlog-cosignature, Ed25519 (signature type 0x04): a witness's timestamped signature over a checkpoint it
 * found consistent with every earlier one it saw.
 */
import { sign, verify } from 'node:crypto';
import {
  ed25519KeyPair,
  ed25519PublicKey,
  ED25519,
  formatKey,
  keyId,
  NoteError,
  NoteSigner,
  NoteVerifier,
  parseKeyString,
  parseSignatureLine,
  parseSignerKeyString,
} from './signed-note';

export const COSIGNATURE_V1 = 0x04;

const TIMESTAMP_SIZE = 8;
const SIGNATURE_SIZE = 64;

/** What a cosigner signs: `cosignature/v1\ntime <t>\n` then the whole checkpoint text. */
export function cosignedMessage(checkpointText: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

export interface Cosigner extends NoteSigner {
  /** The cosigner's verifier key, type 0x04. */
  readonly verifierKey: string;
}

export interface CosignatureVerifier extends NoteVerifier {
  /** The POSIX time (seconds) in a cosignature this key made, if it verifies over `checkpointText`. */
  timestampOf(checkpointText: Buffer, signature: Buffer): number | undefined;
}

/**
 * A cosigner from a signer key of type 0x04, or of type 0x01 (a plain note key, as Go's transparency-dev/formats
 * accepts): either way it signs cosignature/v1 and its key ID is taken with 0x04. `now` gives POSIX milliseconds.
 */
export function parseCosignerKey(signerKey: string, now: () => number = Date.now): Cosigner {
  const parsed = parseSignerKeyString(signerKey);
  if (parsed.type !== ED25519 && parsed.type !== COSIGNATURE_V1) {
    throw new NoteError('malformed key', 'key type');
  }
  const { privateKey, publicKey } = ed25519KeyPair(parsed.material);
  if (keyId(parsed.name, parsed.type, publicKey) !== parsed.keyId) {
    throw new NoteError('malformed key', 'the key ID does not match the key');
  }
  const id = keyId(parsed.name, COSIGNATURE_V1, publicKey);
  return {
    name: parsed.name,
    keyId: id,
    verifierKey: formatKey(parsed.name, id, COSIGNATURE_V1, publicKey),
    sign: (text) => {
      const timestamp = Math.floor(now() / 1000);
      const signed = Buffer.alloc(TIMESTAMP_SIZE);
      signed.writeBigUInt64BE(BigInt(timestamp));
      return Buffer.concat([
        signed,
        sign(null, cosignedMessage(text.toString('utf8'), timestamp), privateKey),
      ]);
    },
  };
}

/** A cosignature verifier from a verifier key of type 0x04, or 0x01 taken as the same key with a 0x04 key ID. */
export function parseCosignatureVerifierKey(verifierKey: string): CosignatureVerifier {
  const parsed = parseKeyString(verifierKey);
  if ((parsed.type !== ED25519 && parsed.type !== COSIGNATURE_V1) || parsed.material.length !== 32) {
    throw new NoteError('malformed key', 'not an Ed25519 cosigner key');
  }
  if (keyId(parsed.name, parsed.type, parsed.material) !== parsed.keyId) {
    throw new NoteError('malformed key', 'the key ID does not match the key');
  }
  const publicKey = ed25519PublicKey(parsed.material);
  const timestampOf = (text: Buffer, signature: Buffer): number | undefined => {
    if (signature.length !== TIMESTAMP_SIZE + SIGNATURE_SIZE) return undefined;
    const stamp = signature.readBigUInt64BE(0);
    // Past 2^53 a number no longer holds every second; the spec's own bound is 2^63 - 1.
    if (stamp > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    const timestamp = Number(stamp);
    const message = cosignedMessage(text.toString('utf8'), timestamp);
    return verify(null, message, publicKey, signature.subarray(TIMESTAMP_SIZE)) ? timestamp : undefined;
  };
  return {
    name: parsed.name,
    keyId: keyId(parsed.name, COSIGNATURE_V1, parsed.material),
    verify: (text, signature) => timestampOf(text, signature) !== undefined,
    timestampOf,
  };
}

/** The signature line (`— <name> <base64>`, no newline) cosigning a checkpoint's text. */
export function cosignCheckpoint(checkpointText: string, cosigner: Cosigner): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(cosigner.keyId);
  const signature = cosigner.sign(Buffer.from(checkpointText, 'utf8'));
  return `\u2014 ${cosigner.name} ${Buffer.concat([id, signature]).toString('base64')}`;
}

/**
 * Checks one cosignature line (with or without its newline) over a checkpoint's text; returns its timestamp.
 * Throws a NoteError when the line is malformed, names another key, or does not verify over this checkpoint.
 */
export function verifyCosignature(
  checkpointText: string,
  line: string,
  verifier: CosignatureVerifier,
): number {
  const signature = parseSignatureLine(line.endsWith('\n') ? line.slice(0, -1) : line);
  if (signature.name !== verifier.name || signature.keyId !== verifier.keyId) {
    throw new NoteError('invalid signature', `not signed by ${verifier.name}`);
  }
  const bytes = Buffer.from(signature.base64, 'base64').subarray(4);
  const timestamp = verifier.timestampOf(Buffer.from(checkpointText, 'utf8'), bytes);
  if (timestamp === undefined) throw new NoteError('invalid signature', signature.name);
  return timestamp;
}

/**
 * C2SP signed-note: text signed by named Ed25519 keys (signature type 0x01), keys written as Go's
 * golang.org/x/mod/sumdb/note writes them.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';

export const ED25519 = 0x01;

/** Go's note package refuses notes with more; the spec asks verifiers to accept at least 16. */
const MAX_SIGNATURES = 100;
const SIGNATURE_PREFIX = '\u2014 ';
const PRIVATE_KEY_PREFIX = 'PRIVATE+KEY+';
// DER wrappers that turn raw Ed25519 key bytes into keys node:crypto accepts (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export type NoteErrorReason =
  'malformed note' | 'malformed key' | 'invalid signature' | 'ambiguous key' | 'no verified signature';

export class NoteError extends Error {
  constructor(
    readonly reason: NoteErrorReason,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'NoteError';
  }
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The signature bytes that follow the key ID in a signature line. */
  sign(text: Buffer): Buffer;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(text: Buffer, signature: Buffer): boolean;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The base64 of the line: key ID and signature. */
  readonly base64: string;
}

export interface OpenedNote {
  readonly text: string;
  /** Signatures of known keys, each verified. */
  readonly verified: NoteSignature[];
  /** Signatures of keys the caller did not name, left unchecked. */
  readonly unverified: NoteSignature[];
}

export interface GeneratedKey {
  /** `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>`: keep secret. */
  readonly signerKey: string;
  /** `<name>+<hex key id>+<base64(0x01 ‖ public key)>`. */
  readonly verifierKey: string;
}

/** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian. */
export function keyId(name: string, type: number, publicKey: Uint8Array): number {
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.of(type))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

/** A key name: non-empty, without spaces or '+' (and without control characters, which no note may hold). */
export function isValidKeyName(name: string): boolean {
  return /^[^\s+\p{Cc}]+$/u.test(name);
}

export function generateSigner(name: string): GeneratedKey {
  const seed = randomBytes(32);
  const signer = ed25519Signer(name, seed);
  return {
    signerKey: `${PRIVATE_KEY_PREFIX}${formatKey(name, signer.keyId, ED25519, seed)}`,
    verifierKey: formatKey(name, signer.keyId, ED25519, signer.publicKey),
  };
}

export function parseSignerKey(signerKey: string): NoteSigner & { readonly verifierKey: string } {
  const parsed = parseSignerKeyString(signerKey);
  if (parsed.type !== ED25519) throw new NoteError('malformed key', 'not an Ed25519 signer key');
  const signer = ed25519Signer(parsed.name, parsed.material);
  if (signer.keyId !== parsed.keyId) {
    throw new NoteError('malformed key', 'the key ID does not match the key');
  }
  return { ...signer, verifierKey: formatKey(signer.name, signer.keyId, ED25519, signer.publicKey) };
}

export function parseVerifierKey(verifierKey: string): NoteVerifier {
  const parsed = parseKeyString(verifierKey);
  if (parsed.type !== ED25519 || parsed.material.length !== 32) {
    throw new NoteError('malformed key', 'not an Ed25519 verifier key');
  }
  if (keyId(parsed.name, ED25519, parsed.material) !== parsed.keyId) {
    throw new NoteError('malformed key', 'the key ID does not match the key');
  }
  const publicKey = ed25519PublicKey(parsed.material);
  return {
    name: parsed.name,
    keyId: parsed.keyId,
    verify: (text, signature) => signature.length === 64 && verify(null, text, publicKey, signature),
  };
}

/** The note: `text` (ending in a newline), a blank line, then one signature line per signer. */
export function signNote(text: string, ...signers: NoteSigner[]): string {
  if (!text.endsWith('\n') || !isNoteText(text)) throw new NoteError('malformed note', 'text');
  if (signers.length === 0) throw new NoteError('malformed note', 'no signer');
  const bytes = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw new NoteError('malformed key', 'signer name');
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    return `${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([id, signer.sign(bytes)]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Opens a signed note. Signatures by keys not in `verifiers` (by name and key ID) are set aside unchecked; a bad
 * signature by a known key rejects the note, and at least one known key must have signed it.
 */
export function openNote(note: string | Buffer, verifiers: readonly NoteVerifier[]): OpenedNote {
  const message = typeof note === 'string' ? note : decodeUtf8(note);
  if (!isNoteText(message)) throw new NoteError('malformed note', 'control characters');
  // The text ends at the last blank line: it keeps its final newline, the signatures follow.
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note', 'no signatures');
  const text = message.slice(0, split + 1);
  const signatureBlock = message.slice(split + 2);
  if (!signatureBlock.endsWith('\n')) throw new NoteError('malformed note', 'signature lines');
  const lines = signatureBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('malformed note', 'too many signatures');

  const textBytes = Buffer.from(text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const signature = parseSignatureLine(line);
    const key = `${signature.name}+${signature.keyId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const candidates = verifiers.filter((v) => v.name === signature.name && v.keyId === signature.keyId);
    if (candidates.length > 1) throw new NoteError('ambiguous key', key);
    if (candidates.length === 0) {
      unverified.push(signature);
      continue;
    }
    const bytes = Buffer.from(signature.base64, 'base64').subarray(4);
    if (!candidates[0].verify(textBytes, bytes)) throw new NoteError('invalid signature', signature.name);
    verified.push(signature);
  }
  if (verified.length === 0) throw new NoteError('no verified signature');
  return { text, verified, unverified };
}

/** One `— <name> <base64(key ID ‖ signature)>` line, without its newline. */
export function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw new NoteError('malformed note', 'signature line');
  const [name, base64, ...rest] = line.slice(SIGNATURE_PREFIX.length).split(' ');
  const bytes = base64 === undefined ? undefined : decodeBase64(base64);
  if (rest.length > 0 || !isValidKeyName(name) || !bytes || bytes.length < 5) {
    throw new NoteError('malformed note', 'signature line');
  }
  return { name, keyId: bytes.readUInt32BE(0), base64 };
}

/** Standard base64 in its one canonical spelling, or undefined (Buffer.from alone skips what it cannot read). */
export function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

export interface ParsedKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  /** The key bytes after the type byte. */
  readonly material: Buffer;
}

/** `<name>+<8 hex digits>+<base64(type ‖ key)>` (the base64 may itself hold '+'). */
export function parseKeyString(key: string): ParsedKey {
  const first = key.indexOf('+');
  const second = key.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new NoteError('malformed key');
  const name = key.slice(0, first);
  const hexId = key.slice(first + 1, second);
  const bytes = decodeBase64(key.slice(second + 1));
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(hexId) || !bytes || bytes.length < 2) {
    throw new NoteError('malformed key');
  }
  return { name, keyId: parseInt(hexId, 16), type: bytes[0], material: bytes.subarray(1) };
}

export function parseSignerKeyString(signerKey: string): ParsedKey {
  if (!signerKey.startsWith(PRIVATE_KEY_PREFIX)) throw new NoteError('malformed key', 'not a signer key');
  const parsed = parseKeyString(signerKey.slice(PRIVATE_KEY_PREFIX.length));
  if (parsed.material.length !== 32) throw new NoteError('malformed key', 'the seed is 32 bytes');
  return parsed;
}

export function formatKey(name: string, id: number, type: number, material: Uint8Array): string {
  const encoded = Buffer.concat([Buffer.of(type), material]).toString('base64');
  return `${name}+${id.toString(16).padStart(8, '0')}+${encoded}`;
}

export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

/** An Ed25519 key pair from its seed, with the public key raw (32 bytes) as key IDs and vkeys need it. */
export function ed25519KeyPair(seed: Uint8Array): { privateKey: KeyObject; publicKey: Buffer } {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: spki.subarray(SPKI_ED25519.length) };
}

function ed25519Signer(name: string, seed: Uint8Array): NoteSigner & { readonly publicKey: Buffer } {
  if (!isValidKeyName(name)) throw new NoteError('malformed key', 'key name');
  const { privateKey, publicKey } = ed25519KeyPair(seed);
  return {
    name,
    keyId: keyId(name, ED25519, publicKey),
    publicKey,
    sign: (text) => sign(null, text, privateKey),
  };
}

/** Valid UTF-8 (guaranteed once decoded) without control characters other than newline. */
function isNoteText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return false;
  }
  return !/\p{Cs}/u.test(text); // a lone surrogate has no UTF-8 form
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new NoteError('malformed note', 'not UTF-8');
  }
}

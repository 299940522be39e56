/** C2SP tlog-checkpoint: the note text naming a log, its tree size and its root hash. */
import { HASH_SIZE } from './merkle-tree';
import { decodeBase64, NoteSigner, NoteVerifier, OpenedNote, openNote, signNote } from './signed-note';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
  /** Opaque, non-empty lines after the root; not auditable, so the ledger writes none. */
  readonly extensions: readonly string[];
}

export class CheckpointError extends Error {
  constructor(detail: string) {
    super(`malformed checkpoint: ${detail}`);
    this.name = 'CheckpointError';
  }
}

/** `<origin>\n<size>\n<base64 root>\n`, then any extension lines. */
export function formatCheckpoint({ origin, size, root, extensions = [] }: CheckpointFields): string {
  const text = [origin, String(size), Buffer.from(root).toString('base64'), ...extensions].join('\n') + '\n';
  parseCheckpoint(text); // what could not be read back is refused here, not by the reader
  return text;
}

export type CheckpointFields = Omit<Checkpoint, 'extensions' | 'root'> & {
  readonly root: Uint8Array;
  readonly extensions?: readonly string[];
};

export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('the text ends with a newline');
  const [origin, sizeLine, rootLine, ...extensions] = text.slice(0, -1).split('\n');
  if (rootLine === undefined) throw new CheckpointError('origin, tree size and root hash are required');
  if (origin === '') throw new CheckpointError('empty origin');
  // Decimal without leading zeroes, and small enough to count exactly.
  const size = Number(sizeLine);
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(size)) {
    throw new CheckpointError(`tree size ${JSON.stringify(sizeLine)}`);
  }
  const root = decodeBase64(rootLine);
  if (!root || root.length !== HASH_SIZE) throw new CheckpointError('the root hash is 32 bytes in base64');
  if (extensions.some((line) => line === '')) throw new CheckpointError('an empty extension line');
  return { origin, size, root, extensions };
}

/** The checkpoint as a signed note. */
export function signCheckpoint(checkpoint: CheckpointFields, ...signers: NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), ...signers);
}

/** Opens a signed checkpoint: the note must verify (see openNote) and its text parse as a checkpoint. */
export function openCheckpoint(
  note: string | Buffer,
  verifiers: readonly NoteVerifier[],
): { checkpoint: Checkpoint; note: OpenedNote } {
  const opened = openNote(note, verifiers);
  return { checkpoint: parseCheckpoint(opened.text), note: opened };
}

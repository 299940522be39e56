import { MerkleTree, NoteVerifier, openCheckpoint } from '@app/ledger';
import type { RecordedEvent } from './event-store';
import { ChainVerifier } from './hash-chain';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportedEvent, type ExportHeader } from './log-export';

/** Where an export stops holding: the event index it expected there, and the line (1-based) that broke it. */
export interface ExportFailure {
  line: number;
  index: number;
  stream?: string;
  revision?: string;
  reason: string;
}

export interface ExportVerification {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  /** The signed checkpoint the events were checked against, when a key was given. */
  checkpoint?: { origin: string; treeSize: number };
  headPosition?: string;
  firstFailure?: ExportFailure;
}

const EVENT_KEYS = ['data', 'id', 'index', 'metadata', 'position', 'revision', 'stream', 'type'].join();
const DECIMAL = /^(0|[1-9]\d{0,19})$/;
const HASH = /^[0-9a-f]{64}$/;

type Json = Record<string, unknown>;

/**
 * Checks an audit export (log-export.ts) one line at a time, so a file of any size is checked in constant memory
 * but for one tip per stream: the header, index continuity (0…n-1), global order, every stream's hash chain
 * (recomputed by hash-chain.ts, as the store checks itself), and the trailer's count; and, given the ledger's
 * verifier key, the signed checkpoint after the trailer: its signature, and the RFC 9162 root of the events' hashes
 * at its tree size. Stops at the first failure.
 */
export class ExportVerifier {
  private readonly chains = new ChainVerifier();
  private readonly tree = new MerkleTree();
  private checkpointNote: string | undefined;
  private lines = 0;
  private header: ExportHeader | undefined;
  private lastPosition: bigint | undefined;
  private trailerSeen = false;
  private failure: ExportFailure | undefined;

  /** `verifiers`: the ledger's verifier keys; none, and the checkpoint is read but not checked. */
  constructor(private readonly verifiers: readonly NoteVerifier[] = []) {}

  /** Takes the next line (without its newline); returns the first failure once there is one. */
  line(text: string): ExportFailure | undefined {
    if (this.failure) return this.failure;
    this.lines += 1;
    const index = this.chains.eventsChecked;
    const reason = this.check(text);
    if (reason) this.failure = { line: this.lines, index, ...reason };
    return this.failure;
  }

  /** After the last line: the verdict. */
  end(): ExportVerification {
    if (!this.failure && !this.trailerSeen)
      this.failure = {
        line: this.lines + 1,
        index: this.chains.eventsChecked,
        reason: this.header ? 'the export ends without its trailer' : 'the export is empty',
      };
    const checkpoint = this.failure || this.verifiers.length === 0 ? undefined : this.checkCheckpoint();
    return {
      ok: this.failure === undefined,
      eventsChecked: this.chains.eventsChecked,
      streamsChecked: this.chains.streamsChecked,
      ...(this.header ? { headPosition: this.header.headPosition } : {}),
      ...(checkpoint ? { checkpoint } : {}),
      ...(this.failure ? { firstFailure: this.failure } : {}),
    };
  }

  private check(text: string): Omit<ExportFailure, 'line' | 'index'> | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { reason: 'the line is not JSON' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { reason: 'the line is not a JSON object' };
    if (this.trailerSeen) return this.takeCheckpoint(value as Json);
    if (!this.header) return this.checkHeader(value as Json);
    if ('index' in value) return this.checkEvent(value as Json);
    if ('count' in value) return this.checkTrailer(value as Json);
    return { reason: 'the line is neither an event nor the trailer' };
  }

  private checkHeader(line: Json): { reason: string } | undefined {
    const { format, version, exportedAt, headPosition } = line;
    if (format !== EXPORT_FORMAT) return { reason: `the header's format is not ${EXPORT_FORMAT}` };
    if (version !== EXPORT_VERSION) return { reason: `the header's version is not ${EXPORT_VERSION}` };
    if (typeof exportedAt !== 'string' || Number.isNaN(Date.parse(exportedAt)))
      return { reason: "the header's exportedAt is not a time" };
    if (typeof headPosition !== 'string' || !(headPosition === '-1' || DECIMAL.test(headPosition)))
      return { reason: "the header's headPosition is not a log position" };
    this.header = line as unknown as ExportHeader;
    return undefined;
  }

  private checkEvent(line: Json): Omit<ExportFailure, 'line' | 'index'> | undefined {
    const expected = this.chains.eventsChecked;
    // The event the line claims to be, named as far as the line says.
    const named = {
      ...(typeof line.stream === 'string' ? { stream: line.stream } : {}),
      ...(typeof line.revision === 'string' ? { revision: line.revision } : {}),
    };
    if (line.index !== expected)
      return { ...named, reason: `index ${JSON.stringify(line.index)} where ${expected} was expected` };
    const event = recordedEvent(line);
    if (typeof event === 'string') return { ...named, reason: event };
    const at = { stream: event.stream, revision: event.revision.toString() };
    if (this.lastPosition !== undefined && event.position <= this.lastPosition)
      return { ...at, reason: `position ${event.position} does not follow ${this.lastPosition}` };
    if (event.position > BigInt(this.header!.headPosition))
      return { ...at, reason: `position ${event.position} is past the header's headPosition` };
    this.lastPosition = event.position;
    this.tree.append(Buffer.from(event.metadata.hash, 'hex'));
    const broken = this.chains.check(event);
    return broken ? { ...at, reason: broken.reason } : undefined;
  }

  private takeCheckpoint(line: Json): { reason: string } | undefined {
    if (this.checkpointNote !== undefined) return { reason: 'a line follows the checkpoint' };
    if (Object.keys(line).join() !== 'checkpoint' || typeof line.checkpoint !== 'string')
      return { reason: 'the line after the trailer is not a checkpoint' };
    this.checkpointNote = line.checkpoint;
    return undefined;
  }

  /** The checkpoint's signature by a given key, then the root of the events' hashes at its size. */
  private checkCheckpoint(): ExportVerification['checkpoint'] {
    const count = this.chains.eventsChecked;
    const fail = (index: number, reason: string) => {
      this.failure = { line: this.lines, index, reason };
      return undefined;
    };
    if (this.checkpointNote === undefined) return fail(count, 'the export holds no signed checkpoint');
    let checkpoint;
    try {
      ({ checkpoint } = openCheckpoint(this.checkpointNote, this.verifiers));
    } catch (error) {
      return fail(count, `the checkpoint does not verify with the key: ${(error as Error).message}`);
    }
    if (checkpoint.size > count)
      return fail(count, `the checkpoint covers ${checkpoint.size} events where ${count} were exported`);
    if (!this.tree.root(checkpoint.size).equals(checkpoint.root))
      return fail(
        checkpoint.size,
        `the events' root at tree size ${checkpoint.size} is not the checkpoint's`,
      );
    return { origin: checkpoint.origin, treeSize: checkpoint.size };
  }

  private checkTrailer(line: Json): { reason: string } | undefined {
    const count = this.chains.eventsChecked;
    if (Object.keys(line).join() !== 'count' || line.count !== count)
      return { reason: `the trailer counts ${JSON.stringify(line.count)} events where ${count} were read` };
    const head = BigInt(this.header!.headPosition);
    if ((this.lastPosition ?? -1n) !== head)
      return {
        reason: `the last event is at position ${this.lastPosition ?? -1n}, not at the headPosition ${head}`,
      };
    this.trailerSeen = true;
    return undefined;
  }
}

/** An event line as the store recorded it, or why it cannot be one. */
function recordedEvent(line: Json): RecordedEvent | string {
  if (Object.keys(line).sort().join() !== EVENT_KEYS) return 'the event line has other fields than an event';
  const { position, stream, revision, id, type, data, metadata } = line as unknown as ExportedEvent;
  if (typeof position !== 'string' || !DECIMAL.test(position)) return 'position is not a log position';
  if (typeof stream !== 'string' || stream.length === 0) return 'stream is not a stream name';
  if (typeof revision !== 'string' || !DECIMAL.test(revision)) return 'revision is not a revision';
  if (typeof id !== 'string' || typeof type !== 'string') return 'id or type is not a string';
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    return 'metadata is not an object';
  const { prevHash, hash } = metadata;
  if (typeof prevHash !== 'string' || !HASH.test(prevHash) || typeof hash !== 'string' || !HASH.test(hash))
    return 'metadata.prevHash or metadata.hash is not a SHA-256 hash';
  return {
    position: BigInt(position),
    stream,
    revision: BigInt(revision),
    id,
    type,
    data,
    metadata,
    // Not exported (not covered by the hash), and not read by the chain's check.
    createdAt: new Date(0),
  };
}

/** Checks the lines of an export as they come (a file read line by line, a response body). */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  verifiers: readonly NoteVerifier[] = [],
): Promise<ExportVerification> {
  const verifier = new ExportVerifier(verifiers);
  for await (const text of lines) if (verifier.line(text)) break;
  return verifier.end();
}

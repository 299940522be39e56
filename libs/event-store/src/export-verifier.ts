import { Checkpoint, CosignatureVerifier, MerkleTree, NoteVerifier, openCheckpoint } from '@app/ledger';
import type { RecordedEvent } from './event-store';
import { TamperedStreamError } from './errors';
import { ChainVerifier } from './hash-chain';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportedEvent, type ExportHeader } from './log-export';
import { readAllInPages } from './read-all-pages';
import type { EventStore } from './event-store';

/**
 * Where the log stops holding: `index` is the ledger index (ordinal in `$all`) of the first event found failing,
 * named by stream, revision, position and id when it is one event. When the chains hold as far as they were read
 * but a signed checkpoint's root does not, no single event can be named from a root: the failure is the range
 * between the last checkpoint that holds and the first that does not, `index` (its start, 0 if none holds) to
 * `treeSize` (exclusive): an event there was deleted, inserted, moved or rewritten with its stream's hashes.
 */
export interface LogFailure {
  index: number;
  stream?: string;
  revision?: string;
  position?: string;
  eventId?: string;
  treeSize?: number;
  reason: string;
}

/** In an export, also the line (1-based) that broke it. */
export interface ExportFailure extends LogFailure {
  line: number;
}

/** What is trusted: the log's verifier keys, and the witnesses whose cosignatures count. */
export interface LogTrust {
  /** The ledger's verifier keys; none, and no checkpoint is checked. */
  logKeys?: readonly NoteVerifier[];
  /** Witnesses' cosignature verifier keys (C2SP tlog-cosignature). */
  witnessKeys?: readonly CosignatureVerifier[];
  /** How many of `witnessKeys` must have co-signed the latest checkpoint; 1 when witness keys are given. */
  witnesses?: number;
}

export interface CheckedCheckpoint {
  origin: string;
  treeSize: number;
  /** The names of the given witnesses whose cosignatures hold, when witness keys were given. */
  cosignedBy?: string[];
}

export interface LogVerification {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  /** The latest signed checkpoint the events were checked against, when a key was given. */
  checkpoint?: CheckedCheckpoint;
  firstFailure?: LogFailure;
}

export interface ExportVerification extends LogVerification {
  headPosition?: string;
  firstFailure?: ExportFailure;
}

/** The ledger's record of a checkpoint it signed (the domain's `CheckpointRecorded` in the `ledger` stream). */
const LEDGER_STREAM = 'ledger';
const CHECKPOINT_RECORDED = 'CheckpointRecorded';

/**
 * The checks of a log read in global order, from the store (`GET /audit/verify`) or from an export (the CLI): every
 * stream's hash chain (recomputed by hash-chain.ts, as the store checks itself) and the order of positions; and,
 * given the ledger's verifier key, every checkpoint the log records (the ledger stream's signed notes) and the
 * latest one given: each signature, the RFC 9162 root of the events' hashes at its tree size and, given witness
 * keys, at least the wanted number of valid cosignatures by them on the latest. Every recorded checkpoint bounds
 * where a change the chains cannot see lies. One tip per stream, the tree and the notes in memory.
 */
export class LogAudit {
  private readonly chains = new ChainVerifier();
  private readonly tree = new MerkleTree();
  private readonly recorded: { note: string; index: number }[] = [];
  private lastPosition: bigint | undefined;
  /** The first event that failed: nothing after it is read. */
  private broken: LogFailure | undefined;

  constructor(private readonly trust: LogTrust = {}) {}

  get eventsChecked(): number {
    return this.chains.eventsChecked;
  }

  get streamsChecked(): number {
    return this.chains.streamsChecked;
  }

  /** The next event of the log; why it breaks it, or undefined. */
  event(event: RecordedEvent): LogFailure | undefined {
    const index = this.chains.eventsChecked;
    if (this.lastPosition !== undefined && event.position <= this.lastPosition)
      return this.stop({
        index,
        ...named(event),
        reason: `position ${event.position} does not follow ${this.lastPosition}`,
      });
    this.lastPosition = event.position;
    const { metadata } = event;
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
      return this.stop({ index, ...named(event), reason: 'metadata is not an object' });
    if (!HASH.test(String(metadata.prevHash)) || !HASH.test(String(metadata.hash)))
      return this.stop({
        index,
        ...named(event),
        reason: 'metadata.prevHash or metadata.hash is not a SHA-256 hash',
      });
    this.tree.append(Buffer.from(metadata.hash, 'hex'));
    const broken = this.chains.check(event);
    if (broken) return this.stop({ index, ...broken });
    if (event.stream === LEDGER_STREAM && event.type === CHECKPOINT_RECORDED)
      this.recorded.push({ note: (event.data as { note: string }).note, index });
    return undefined;
  }

  /** Where reading stopped for a reason of its own (a line of an export, an event the store cannot read). */
  stop(failure: LogFailure): LogFailure {
    this.broken ??= failure;
    return failure;
  }

  /**
   * After the last event read (all of them, or up to the first failure): the first recorded checkpoint within the
   * events read whose root does not hold, if any, comes first (it bounds an earlier change); then the failure that
   * stopped reading; then the latest checkpoint given (a signed note, cosignature lines included).
   */
  end(latest: string | undefined): { checkpoint?: CheckedCheckpoint; failure?: LogFailure } {
    const { logKeys = [] } = this.trust;
    if (logKeys.length === 0) return this.broken ? { failure: this.broken } : {};
    const within = this.broken?.index ?? this.chains.eventsChecked;
    let holding = 0;
    for (const { note, index } of this.recorded) {
      const opened = this.open(note, index);
      if ('failure' in opened) return opened;
      // Past a break not every event was read; past the end, events the checkpoint counted are gone.
      if (opened.checkpoint.size > within && this.broken) break;
      if (!this.rootHolds(opened.checkpoint))
        return { failure: this.rootFailure(holding, opened.checkpoint.size) };
      holding = opened.checkpoint.size;
    }
    if (this.broken) return { failure: this.broken };
    return this.latest(latest, holding);
  }

  private latest(
    note: string | undefined,
    holding: number,
  ): { checkpoint?: CheckedCheckpoint; failure?: LogFailure } {
    const count = this.chains.eventsChecked;
    if (note === undefined)
      return { failure: { index: count, reason: 'the log holds no signed checkpoint' } };
    const opened = this.open(note, count);
    if ('failure' in opened) return opened;
    const { checkpoint, signedBy } = opened;
    if (!this.rootHolds(checkpoint)) return { failure: this.rootFailure(holding, checkpoint.size) };
    const checked: CheckedCheckpoint = { origin: checkpoint.origin, treeSize: checkpoint.size };
    const { witnessKeys = [], witnesses: wanted = 1 } = this.trust;
    if (witnessKeys.length === 0) return { checkpoint: checked };
    const cosignedBy = signedBy(witnessKeys).map(({ name }) => name);
    if (cosignedBy.length < wanted) {
      const others = opened.unverified.map(({ name }) => name);
      const reason =
        `${cosignedBy.length} of the given witnesses co-signed the checkpoint where ${wanted} are wanted` +
        (others.length > 0 ? ` (set aside, signed by keys not given: ${others.join(', ')})` : '');
      return { failure: { index: count, reason } };
    }
    return { checkpoint: { ...checked, cosignedBy } };
  }

  /** The note opened with the log's and the witnesses' keys; it must carry a valid signature by the log's key. */
  private open(note: string, index: number) {
    const { logKeys = [], witnessKeys = [] } = this.trust;
    const fail = (reason: string) => ({ failure: { index, reason } as LogFailure });
    let opened;
    try {
      opened = openCheckpoint(note, [...logKeys, ...witnessKeys]);
    } catch (error) {
      return fail(`the checkpoint does not verify: ${(error as Error).message}`);
    }
    const signedBy = (keys: readonly NoteVerifier[]) =>
      opened.note.verified.filter(({ name, keyId }) =>
        keys.some((key) => key.name === name && key.keyId === keyId),
      );
    if (signedBy(logKeys).length === 0) return fail("the checkpoint is not signed by the log's key");
    return { checkpoint: opened.checkpoint, signedBy, unverified: opened.note.unverified };
  }

  private rootHolds(checkpoint: Checkpoint): boolean {
    return checkpoint.size <= this.tree.size && this.tree.root(checkpoint.size).equals(checkpoint.root);
  }

  private rootFailure(holding: number, treeSize: number): LogFailure {
    const what =
      treeSize > this.tree.size
        ? `the log holds ${this.tree.size} events where the signed checkpoint counted ${treeSize}`
        : `the events' root at tree size ${treeSize} is not the signed checkpoint's`;
    return {
      index: holding,
      treeSize,
      reason:
        `${what}: an event from index ${holding} (where the last checkpoint that holds ends) to ${treeSize - 1} ` +
        'was deleted, inserted, moved or rewritten',
    };
  }
}

/**
 * Checks an audit export (log-export.ts) one line at a time, so a file of any size is checked in constant memory:
 * the header, index continuity (0…n-1), the events as LogAudit checks them, the trailer's count, and the checkpoint
 * after the trailer. Stops at the first failure.
 */
export class ExportVerifier {
  private readonly audit: LogAudit;
  private checkpointNote: string | undefined;
  private lines = 0;
  private header: ExportHeader | undefined;
  private lastPosition: bigint | undefined;
  private trailerSeen = false;
  private failure: ExportFailure | undefined;

  constructor(trust: LogTrust = {}) {
    this.audit = new LogAudit(trust);
  }

  /** Takes the next line (without its newline); returns the first failure once there is one. */
  line(text: string): ExportFailure | undefined {
    if (this.failure) return this.failure;
    this.lines += 1;
    const index = this.audit.eventsChecked;
    const failure = this.check(text);
    if (failure) this.failure = { line: this.lines, index, ...failure };
    return this.failure;
  }

  /** After the last line: the verdict. */
  end(): ExportVerification {
    if (!this.failure && !this.trailerSeen)
      this.failure = {
        line: this.lines + 1,
        index: this.audit.eventsChecked,
        reason: this.header ? 'the export ends without its trailer' : 'the export is empty',
      };
    if (this.failure) this.audit.stop(this.failure);
    const { checkpoint, failure } = this.audit.end(this.checkpointNote);
    if (failure) this.failure = { line: this.lines, ...failure };
    return {
      ok: this.failure === undefined,
      eventsChecked: this.audit.eventsChecked,
      streamsChecked: this.audit.streamsChecked,
      ...(this.header ? { headPosition: this.header.headPosition } : {}),
      ...(checkpoint ? { checkpoint } : {}),
      ...(this.failure ? { firstFailure: this.failure } : {}),
    };
  }

  private check(text: string): Omit<LogFailure, 'index'> | undefined {
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

  private checkEvent(line: Json): Omit<LogFailure, 'index'> | undefined {
    const expected = this.audit.eventsChecked;
    // The event the line claims to be, named as far as the line says.
    const claimed = {
      ...(typeof line.stream === 'string' ? { stream: line.stream } : {}),
      ...(typeof line.revision === 'string' ? { revision: line.revision } : {}),
    };
    if (line.index !== expected)
      return { ...claimed, reason: `index ${JSON.stringify(line.index)} where ${expected} was expected` };
    const event = recordedEvent(line);
    if (typeof event === 'string') return { ...claimed, reason: event };
    if (event.position > BigInt(this.header!.headPosition))
      return { ...named(event), reason: `position ${event.position} is past the header's headPosition` };
    this.lastPosition = event.position;
    return this.audit.event(event);
  }

  private takeCheckpoint(line: Json): { reason: string } | undefined {
    if (this.checkpointNote !== undefined) return { reason: 'a line follows the checkpoint' };
    if (Object.keys(line).join() !== 'checkpoint' || typeof line.checkpoint !== 'string')
      return { reason: 'the line after the trailer is not a checkpoint' };
    this.checkpointNote = line.checkpoint;
    return undefined;
  }

  private checkTrailer(line: Json): { reason: string } | undefined {
    const count = this.audit.eventsChecked;
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

const EVENT_KEYS = ['data', 'id', 'index', 'metadata', 'position', 'revision', 'stream', 'type'].join();
const DECIMAL = /^(0|[1-9]\d{0,19})$/;
const HASH = /^[0-9a-f]{64}$/;

type Json = Record<string, unknown>;

/** The event as the failures name it. */
function named(event: RecordedEvent) {
  return {
    stream: event.stream,
    revision: event.revision.toString(),
    position: event.position.toString(),
    eventId: event.id,
  };
}

/** An event line as the store recorded it, or why it cannot be one. */
function recordedEvent(line: Json): RecordedEvent | string {
  if (Object.keys(line).sort().join() !== EVENT_KEYS) return 'the event line has other fields than an event';
  const { position, stream, revision, id, type, data, metadata } = line as unknown as ExportedEvent;
  if (typeof position !== 'string' || !DECIMAL.test(position)) return 'position is not a log position';
  if (typeof stream !== 'string' || stream.length === 0) return 'stream is not a stream name';
  if (typeof revision !== 'string' || !DECIMAL.test(revision)) return 'revision is not a revision';
  if (typeof id !== 'string' || typeof type !== 'string') return 'id or type is not a string';
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
  trust: LogTrust = {},
): Promise<ExportVerification> {
  const verifier = new ExportVerifier(trust);
  for await (const text of lines) if (verifier.line(text)) break;
  return verifier.end();
}

/**
 * The store's log up to its head, checked as an export of it would be (`GET /audit/verify`): `checkpointOf(count)`
 * gives the latest signed checkpoint within the first `count` events. An event the store can no longer read (no
 * longer JSON) is where the log fails.
 */
export async function verifyLog(
  store: EventStore,
  trust: LogTrust = {},
  checkpointOf: (count: number) => string | undefined = () => undefined,
): Promise<LogVerification> {
  const audit = new LogAudit(trust);
  const head = await store.headPosition();
  try {
    pages: for await (const page of readAllInPages(store))
      for (const event of page) if (event.position > head || audit.event(event)) break pages;
  } catch (error) {
    if (!(error instanceof TamperedStreamError)) throw error;
    audit.stop({ index: audit.eventsChecked, ...error.failure });
  }
  const { checkpoint, failure } = audit.end(checkpointOf(audit.eventsChecked));
  return {
    ok: failure === undefined,
    eventsChecked: audit.eventsChecked,
    streamsChecked: audit.streamsChecked,
    ...(checkpoint ? { checkpoint } : {}),
    ...(failure ? { firstFailure: failure } : {}),
  };
}

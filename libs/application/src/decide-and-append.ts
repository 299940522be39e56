import { createHash } from 'node:crypto';
import { EventStore, WrongExpectedVersionError } from '@app/event-store';
import type { Decider, DomainEvent } from '@app/domain';
import type { PersonalData } from './personal-data/personal-data';
import { foldStream } from './folded-streams';

export const SCHEMA_VERSION = 1;

/** Who and what caused a command: becomes every resulting event's metadata. */
export interface CommandMeta {
  /** Unique per command; a retry of the same command (same Idempotency-Key) reuses it. */
  commandId: string;
  correlationId?: string;
  causationId?: string;
  /** The person issuing it, as the door found them; absent when time, a policy or bootstrap issues it. */
  issuedBy?: { personId: string; networkId: string };
}

export interface Appended<E> {
  events: E[];
  /** Global position of the last event written (or of the stream's head when nothing was written). */
  position: bigint;
  revision: bigint;
  /** The command was already on the stream (a retry): nothing was decided or written this time. */
  replayed: boolean;
}

/**
 * An event id derived from the command id and the event's place in the decision, so that a command retried
 * with the same id re-appends the same ids and the store's idempotency writes it once.
 */
export function eventIdFor(commandId: string, index: number): string {
  return uuidFrom(`${commandId}:${index}`);
}

/** A uuid derived from `seed`, laid out as an RFC 9562 version 8 (custom) uuid. */
export function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface DecideAndAppend<C, S, E, X> {
  store: EventStore;
  stream: string;
  decider: Decider<C, S, E, X>;
  command: C;
  /** Facts from other streams, loaded for the state just folded (again on each attempt). */
  context: (state: S, now: Date) => X | Promise<X>;
  meta: CommandMeta;
  /** The time the command is decided at: read once per attempt. */
  now: () => Date;
  /** Encrypts events' `personal` parts; an event that has one cannot be written without it. */
  personalData?: PersonalData;
  /** Attempts when another command wins the race for the stream; then the conflict reaches the caller (409). */
  maxAttempts?: number;
}

async function protect(data: unknown, personalData: PersonalData | undefined): Promise<unknown> {
  if ((data as { personal?: unknown }).personal === undefined) return data;
  if (!personalData) throw new Error('An event with personal data needs PersonalData to encrypt it');
  return personalData.seal(data);
}

const turns = new WeakMap<EventStore, Map<string, Promise<void>>>();

/**
 * Runs `work` once the commands this process sent to the same stream before it have finished, so they never race
 * each other (twenty simultaneous votes are decided one after another, none lost to a conflict); races with other
 * processes sharing the store are what the retries are for.
 */
function inTurn<T>(store: EventStore, stream: string, work: () => Promise<T>): Promise<T> {
  let queues = turns.get(store);
  if (!queues) turns.set(store, (queues = new Map()));
  const current = (queues.get(stream) ?? Promise.resolve()).then(work);
  const settled = current.then(
    () => undefined,
    () => undefined,
  );
  queues.set(stream, settled);
  void settled.then(() => {
    if (queues.get(stream) === settled) queues.delete(stream);
  });
  return current;
}

/**
 * The whole of a command's write: load the stream, fold it into state, decide, append at the revision that was
 * read. A command already on the stream is answered as it was, not decided again. Commands on one stream take turns
 * within this process; a race lost to another process is decided again on the new state, a bounded number of times.
 */
export function decideAndAppend<C, S, E extends DomainEvent, X>(
  options: DecideAndAppend<C, S, E, X>,
): Promise<Appended<E>> {
  return inTurn(options.store, options.stream, () => decide(options));
}

async function decide<C, S, E extends DomainEvent, X>({
  store,
  stream,
  decider,
  command,
  context,
  meta,
  now,
  personalData,
  maxAttempts = 5,
}: DecideAndAppend<C, S, E, X>): Promise<Appended<E>> {
  for (let attempt = 1; ; attempt++) {
    const { state, revision, position, commands } = await foldStream(store, stream, decider);
    const recorded = commands.get(meta.commandId);
    if (recorded !== undefined)
      return { events: [], position: recorded, revision: revision!, replayed: true };
    const at = now();
    const events = decider.decide(command, state, await context(state, at));
    if (events.length === 0)
      return { events, position: position ?? -1n, revision: revision ?? -1n, replayed: false };
    try {
      const sealed = await Promise.all(events.map((event) => protect(event.data, personalData)));
      const result = await store.appendToStream(
        stream,
        events.map((event, index) => ({
          id: eventIdFor(meta.commandId, index),
          type: event.type,
          data: sealed[index],
          metadata: {
            commandId: meta.commandId,
            correlationId: meta.correlationId ?? meta.commandId,
            causationId: meta.causationId ?? meta.commandId,
            actor: meta.issuedBy ?? null,
            occurredAt: at.toISOString(),
            schemaVersion: SCHEMA_VERSION,
          },
        })),
        { expectedRevision: revision ?? 'no_stream' },
      );
      return { events, position: result.position, revision: result.nextExpectedRevision, replayed: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= maxAttempts) throw error;
    }
  }
}

import { createHash } from 'node:crypto';
import { EventStore, WrongExpectedVersionError } from '@app/event-store';
import type { Decider, DomainEvent } from '@app/domain';
import type { PersonalData } from './personal-data/personal-data';
import { foldStream } from './folded-streams';

export const SCHEMA_VERSION = 1;

/** Who and what caused a command: becomes every resulting event's metadata. */
export interface CommandEnvelope {
  /** Unique per command; a retry of the same command (same Idempotency-Key) reuses it. */
  commandId: string;
  correlationId?: string;
  causationId?: string;
  actor?: { personId: string; networkId: string };
}

export interface Appended<E> {
  events: E[];
  /** Global position of the last event written (or of the stream's head when nothing was written). */
  position: bigint;
  revision: bigint;
}

/**
 * An event id derived from the command id and the event's place in the decision, so that a command retried
 * with the same id re-appends the same ids and the store's idempotency writes it once.
 */
export function eventIdFor(commandId: string, index: number): string {
  const hex = createHash('sha256').update(`${commandId}:${index}`).digest('hex');
  // Laid out as an RFC 9562 version 8 (custom) uuid.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface DecideOptions {
  now: Date;
  /** Attempts when another command wins the race for the stream; then the conflict reaches the caller (409). */
  maxAttempts?: number;
  /** Encrypts events' `personal` parts; an event that has one cannot be written without it. */
  personalData?: PersonalData;
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
 * The whole of a command handler's work: load the stream, fold it into state, decide, append at the revision that
 * was read. Commands on one stream take turns within this process; a race lost to another process is decided again
 * on the new state, a bounded number of times.
 */
export function decideAndAppend<C, S, E extends DomainEvent, X>(
  store: EventStore,
  stream: string,
  decider: Decider<C, S, E, X>,
  command: C,
  context: X | ((state: S) => X | Promise<X>),
  envelope: CommandEnvelope,
  options: DecideOptions,
): Promise<Appended<E>> {
  return inTurn(store, stream, () => decide(store, stream, decider, command, context, envelope, options));
}

async function decide<C, S, E extends DomainEvent, X>(
  store: EventStore,
  stream: string,
  decider: Decider<C, S, E, X>,
  command: C,
  context: X | ((state: S) => X | Promise<X>),
  envelope: CommandEnvelope,
  { now, maxAttempts = 5, personalData }: DecideOptions,
): Promise<Appended<E>> {
  for (let attempt = 1; ; attempt++) {
    const { state, revision, position } = await foldStream(store, stream, decider);
    const resolved =
      typeof context === 'function' ? await (context as (state: S) => X | Promise<X>)(state) : context;
    const events = decider.decide(command, state, resolved);
    if (events.length === 0) return { events, position: position ?? -1n, revision: revision ?? -1n };
    try {
      const sealed = await Promise.all(events.map((event) => protect(event.data, personalData)));
      const result = await store.appendToStream(
        stream,
        events.map((event, index) => ({
          id: eventIdFor(envelope.commandId, index),
          type: event.type,
          data: sealed[index],
          metadata: {
            commandId: envelope.commandId,
            correlationId: envelope.correlationId ?? envelope.commandId,
            causationId: envelope.causationId ?? envelope.commandId,
            actor: envelope.actor ?? null,
            occurredAt: now.toISOString(),
            schemaVersion: SCHEMA_VERSION,
          },
        })),
        { expectedRevision: revision ?? 'no_stream' },
      );
      return { events, position: result.position, revision: result.nextExpectedRevision };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= maxAttempts) throw error;
    }
  }
}

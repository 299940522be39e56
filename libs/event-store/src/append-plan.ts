import type { EventData, ExpectedRevision } from './event-store';
import { WrongExpectedVersionError } from './errors';

/** An event already in the stream, as far as the idempotency check needs it. */
export interface StoredRef {
  id: string;
  revision: bigint;
  position: bigint;
}

/** What an adapter can tell about the stream it is about to append to. */
export interface StreamLookup {
  /** The stream's last revision, or undefined when it has no events. */
  current: bigint | undefined;
  at(revision: bigint): StoredRef | undefined;
  /** The event in this stream with this id, if any. */
  byId(id: string): StoredRef | undefined;
}

export type AppendPlan =
  | { kind: 'write'; firstRevision: bigint }
  | { kind: 'already-written'; nextExpectedRevision: bigint; position: bigint };

/**
 * EventStoreDB's append rules, shared by both adapters: the expected-revision check, and the idempotent
 * retry where events whose ids are already the ones after the expected revision succeed without a write,
 * while a partial match is a conflict.
 */
export function planAppend(
  stream: string,
  expected: ExpectedRevision,
  events: EventData[],
  lookup: StreamLookup,
): AppendPlan {
  const { current } = lookup;
  const conflict = () => new WrongExpectedVersionError(stream, expected, current ?? 'no_stream');

  if (expected === 'any' || expected === 'stream_exists') {
    if (expected === 'stream_exists' && current === undefined) throw conflict();
    const first = events.length > 0 ? lookup.byId(events[0].id) : undefined;
    if (first) return alreadyWritten(first.revision - 1n, events, lookup) ?? raise(conflict());
    return { kind: 'write', firstRevision: (current ?? -1n) + 1n };
  }

  const base = expected === 'no_stream' ? -1n : expected;
  if ((current ?? -1n) === base) return { kind: 'write', firstRevision: base + 1n };
  if (current !== undefined && current > base) {
    const retry = alreadyWritten(base, events, lookup);
    if (retry) return retry;
  }
  throw conflict();
}

function alreadyWritten(base: bigint, events: EventData[], lookup: StreamLookup): AppendPlan | undefined {
  if (events.length === 0) return undefined;
  let last: StoredRef | undefined;
  for (const [index, event] of events.entries()) {
    last = lookup.at(base + 1n + BigInt(index));
    if (last?.id !== event.id) return undefined;
  }
  return { kind: 'already-written', nextExpectedRevision: last!.revision, position: last!.position };
}

function raise(error: Error): never {
  throw error;
}

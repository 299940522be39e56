import type { ExpectedRevision } from './event-store';
import type { VerificationFailure } from './hash-chain';

/** The stream was not at the revision the caller expected (or the retry matched only partly). */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or `no_stream`. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
  constructor(readonly stream: string) {
    super(`Stream ${stream} not found`);
  }
}

/** An event the store refuses before writing anything (bad id, type or non-JSON data). */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

/**
 * The store could not be reached or did not answer in time (a restart, a leader election, a network fault):
 * the same request may succeed a few seconds later. An append that fails so may still have been written;
 * retrying it with the same event ids is safe, as re-appending written ids is idempotent.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(cause: unknown) {
    super('The event store is unavailable', { cause });
  }
}

/**
 * The stream's stored events fail their hash chain (changed, missing or out of place): nothing more is chained onto
 * them until an operator restores the log from a copy that verifies. Not a client's fault, and not transient.
 */
export class TamperedStreamError extends Error {
  override readonly name = 'TamperedStreamError';
  constructor(readonly failure: VerificationFailure) {
    super(
      `Stream ${failure.stream} fails verification at revision ${failure.revision} (${failure.reason}): appends to it are refused`,
    );
  }
}

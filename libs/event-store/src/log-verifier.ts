import { CheckpointedConsumer, CheckpointedConsumerOptions } from './checkpointed-consumer';
import type { EventStore, RecordedEvent } from './event-store';
import { TamperedStreamError } from './errors';
import { ChainVerifier, VerificationFailure } from './hash-chain';

/** What the verifier has found so far, for `/health`. */
export interface LogIntegrity {
  eventsChecked: number;
  streamsChecked: number;
  /** The first event found failing its stream's chain, in log order. */
  firstFailure?: VerificationFailure;
  /** Each stream found broken, with its first failure. */
  brokenStreams: VerificationFailure[];
}

/**
 * Checks the hash chain of every event in the log: from the start at each start-up (in the background), then each
 * event as it is appended, by this process or another on the same file. A failure does not stop it: the first is
 * kept for `/health`, each broken stream is logged once, and the store is told to refuse appends to it. (An event
 * that cannot be read at all holds it there, retrying, as it holds every follower of the log.)
 */
export class LogVerifier extends CheckpointedConsumer {
  private readonly chain = new ChainVerifier();
  private readonly broken = new Map<string, VerificationFailure>();
  private first: VerificationFailure | undefined;

  constructor(store: EventStore, options: CheckpointedConsumerOptions = {}) {
    super(store, 'log-verifier', { batchSize: 256, ...options });
  }

  protected commit(batch: RecordedEvent[]): void {
    for (const event of batch) {
      const failure = this.chain.check(event);
      if (failure) this.found(failure);
    }
  }

  /** An event the store cannot even read back (no longer JSON) stops the subscription here: reported all the same. */
  protected override failed(error: Error): void {
    if (error instanceof TamperedStreamError) this.found(error.failure);
  }

  integrity(): LogIntegrity {
    return {
      eventsChecked: this.chain.eventsChecked,
      streamsChecked: this.chain.streamsChecked,
      ...(this.first ? { firstFailure: this.first } : {}),
      brokenStreams: [...this.broken.values()],
    };
  }

  private found(failure: VerificationFailure): void {
    this.first ??= failure;
    if (this.broken.has(failure.stream)) return;
    this.broken.set(failure.stream, failure);
    this.store.refuseAppendsTo(failure);
    this.logger.error(
      `Stream ${failure.stream} fails its hash chain at revision ${failure.revision} (position ${failure.position}, ` +
        `event ${failure.eventId}): ${failure.reason}. Appends to it are refused.`,
    );
  }
}

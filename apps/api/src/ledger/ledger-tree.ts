import { CheckpointedConsumer, EventStore, RecordedEvent } from '@app/event-store';
import { MerkleTree } from '@app/ledger';

export interface RecordedCheckpoint {
  treeSize: number;
  rootHash: string;
  note: string;
}

/**
 * The RFC 9162 tree over every event's hash in global order (leaf index = ordinal in `$all`), built in memory from
 * the log at start and kept up as it grows, with the checkpoints recorded in the `ledger` stream.
 */
export class LedgerTree extends CheckpointedConsumer {
  readonly tree = new MerkleTree();
  readonly checkpoints: RecordedCheckpoint[] = [];
  /** The index of the last event outside the `ledger` stream: recording a checkpoint is not growth to sign. */
  lastContentIndex = -1;

  constructor(store: EventStore) {
    super(store, 'ledger-tree', { batchSize: 1000 });
  }

  protected commit(batch: RecordedEvent[]): void {
    for (const event of batch) {
      const index = this.tree.append(Buffer.from(event.metadata.hash, 'hex'));
      if (event.stream !== 'ledger') this.lastContentIndex = index;
      else if (event.type === 'CheckpointRecorded') this.checkpoints.push(event.data as RecordedCheckpoint);
    }
  }

  get latest(): RecordedCheckpoint | undefined {
    return this.checkpoints.at(-1);
  }

  /** Resolves once every event in the log when asked is a leaf. */
  async caughtUp(timeoutMs = 5_000): Promise<boolean> {
    const head = await this.store.headPosition();
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      if (head === -1n || (this.checkpoint ?? -1n) >= head) return true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  }
}

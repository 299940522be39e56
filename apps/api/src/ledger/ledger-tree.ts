import {
  CheckpointedConsumer,
  EventStore,
  LogVerification,
  RecordedEvent,
  verifyLog,
} from '@app/event-store';
import { MerkleTree, NoteVerifier } from '@app/ledger';

export interface RecordedCheckpoint {
  treeSize: number;
  rootHash: string;
  /** The signed note, with every witness's cosignature received appended as a signature line of its own. */
  note: string;
}

interface Cosignature {
  treeSize: number;
  networkId: string;
  signatureLine: string;
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
  /** The networks whose witnesses co-signed each checkpoint, by tree size: a network's witness counts once. */
  private readonly cosigners = new Map<number, Set<string>>();
  /** Each leaf's log position, in order: positions are not counters in EventStoreDB, so an event's index is looked up. */
  private positions = new BigInt64Array(1024);
  /** `caughtUp` callers, woken at each commit. */
  private readonly waiting: (() => void)[] = [];

  constructor(store: EventStore) {
    super(store, 'ledger-tree', { batchSize: 1000 });
  }

  protected commit(batch: RecordedEvent[]): void {
    for (const event of batch) {
      const index = this.tree.append(Buffer.from(event.metadata.hash, 'hex'));
      if (index === this.positions.length) {
        const grown = new BigInt64Array(this.positions.length * 2);
        grown.set(this.positions);
        this.positions = grown;
      }
      this.positions[index] = event.position;
      if (event.stream !== 'ledger') this.lastContentIndex = index;
      else if (event.type === 'CheckpointRecorded') this.checkpoints.push(event.data as RecordedCheckpoint);
      else if (event.type === 'CosignatureAdded') this.cosigned(event.data as Cosignature);
    }
  }

  /** The leaf index of the event at `position`, once the tree holds it. */
  indexOf(position: bigint): number | undefined {
    let [low, high] = [0, this.tree.size - 1];
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.positions[middle];
      if (found === position) return middle;
      if (found < position) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /**
   * C2SP cosignatures are signature lines of the checkpoint's note: appended, the note still opens with the log's
   * key alone, and with each witness's key. The decider recorded it only for a checkpoint already in the stream.
   */
  private cosigned({ treeSize, networkId, signatureLine }: Cosignature): void {
    this.cosigners.set(treeSize, (this.cosigners.get(treeSize) ?? new Set()).add(networkId));
    const index = this.checkpoints.findIndex((checkpoint) => checkpoint.treeSize === treeSize);
    const checkpoint = this.checkpoints[index];
    this.checkpoints[index] = { ...checkpoint, note: `${checkpoint.note}${signatureLine}\n` };
  }

  /** How many distinct networks' witnesses co-signed the checkpoint of this tree size. */
  cosignatures(treeSize: number): number {
    return this.cosigners.get(treeSize)?.size ?? 0;
  }

  get latest(): RecordedCheckpoint | undefined {
    return this.checkpoints.at(-1);
  }

  /** The note of the latest checkpoint of at most `count` events, cosignatures included: what an export carries. */
  latestWithin(count: number): string | undefined {
    return this.checkpoints.filter(({ treeSize }) => treeSize <= count).at(-1)?.note;
  }

  /**
   * The log checked as the offline verifier checks an export of it (export-verifier.ts): every chain, and every
   * checkpoint it records and the latest one, signed by `key`, against the root of the events' hashes. Before the
   * first checkpoint, the chains alone.
   */
  async verifyLog(key: NoteVerifier): Promise<LogVerification> {
    await this.caughtUp();
    return verifyLog(this.store, this.latest ? { logKeys: [key] } : {}, (count) => this.latestWithin(count));
  }

  /** Resolves once every event in the log when asked is a leaf; false at once while the log cannot be read or the tree is stopped. */
  async caughtUp(timeoutMs = 5_000): Promise<boolean> {
    const head = await this.store.headPosition();
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      if (head === -1n || (this.checkpoint ?? -1n) >= head) return true;
      if (this.failure || !this.running) return false;
      // Woken by the next commit rather than a poll: a request waits for the tree, not for a timer.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return false;
  }

  protected override committed(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }
}

import { Injectable } from '@nestjs/common';
import { StreamFacts } from '@app/application';
import { LedgerTree, RecordedCheckpoint } from './ledger-tree';

export interface Witnessing {
  treeSize: number;
  cosignatures: number;
  witnessed: boolean;
}

/**
 * Which checkpoints count as witnessed: co-signed by at least as many networks' witnesses as the quorum carried
 * motions set. Judged by the quorum in force now, not the one when each checkpoint was signed: a raised quorum
 * asks more of every checkpoint still relied on.
 */
@Injectable()
export class WitnessedCheckpoints {
  constructor(
    private readonly ledger: LedgerTree,
    // The steering-group stream folded, as the write side reads it: the ledger tree need not fold a second stream.
    private readonly facts: StreamFacts,
  ) {}

  async quorum(): Promise<number> {
    return (await this.facts.steeringGroup()).witnessQuorum;
  }

  of(checkpoint: RecordedCheckpoint, quorum: number): Witnessing {
    const cosignatures = this.ledger.cosignatures(checkpoint.treeSize);
    return { treeSize: checkpoint.treeSize, cosignatures, witnessed: cosignatures >= quorum };
  }

  /** Every checkpoint, oldest first, with the latest witnessed one (null when none is). */
  async summary() {
    const witnessQuorum = await this.quorum();
    const checkpoints = this.ledger.checkpoints.map((checkpoint) => this.of(checkpoint, witnessQuorum));
    const latestWitnessed = checkpoints.filter(({ witnessed }) => witnessed).at(-1)?.treeSize ?? null;
    return { witnessQuorum, checkpoints, latestWitnessed };
  }
}

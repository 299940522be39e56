import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { NotFound, RuleBroken } from '@app/domain';
import { Public } from '../identity/bearer-auth.guard';
import { CheckpointsQueryDto, ConsistencyProofQueryDto, InclusionProofQueryDto } from './ledger.dto';
import type { LedgerSigner } from './ledger-key';
import { LedgerTree } from './ledger-tree';
import { LEDGER_SIGNER } from './ledger.tokens';
import { WitnessedCheckpoints } from './witnessed-checkpoints';

const base64 = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('base64'));

/**
 * The ledger, for anyone to check (API.md "The ledger"): the verifier key, signed checkpoints, and RFC 9162
 * inclusion and consistency proofs. A proof is only as good as the root it is checked against: take the tree size
 * and root from a checkpoint verified with the key.
 */
@Public()
@Controller('ledger')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerTree,
    @Inject(LEDGER_SIGNER) private readonly signer: LedgerSigner,
    private readonly witnessing: WitnessedCheckpoints,
  ) {}

  @Get('key')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  key(): string {
    return `${this.signer.verifierKey}\n`;
  }

  @Get('checkpoint')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  checkpoint(): string {
    const latest = this.ledger.latest;
    if (!latest) throw new NotFound('No checkpoint has been signed yet');
    return latest.note;
  }

  /** Oldest first, each with how many networks' witnesses co-signed it and whether that meets the quorum. */
  @Get('checkpoints')
  async checkpoints(@Query() { fromTreeSize }: CheckpointsQueryDto) {
    const quorum = await this.witnessing.quorum();
    return this.ledger.checkpoints
      .filter(({ treeSize }) => treeSize >= fromTreeSize)
      .map((checkpoint) => {
        const { cosignatures, witnessed } = this.witnessing.of(checkpoint, quorum);
        return { ...checkpoint, cosignatures, witnessed };
      });
  }

  @Get('proofs/inclusion')
  async inclusion(@Query() { index, treeSize }: InclusionProofQueryDto) {
    await this.knows(treeSize);
    if (index >= treeSize)
      throw new RuleBroken('index-in-tree', `Leaf ${index} is not in a tree of ${treeSize}`);
    const { tree } = this.ledger;
    const proof = base64(tree.inclusionProof(index, treeSize));
    return { index, treeSize, leafHash: tree.leafHash(index).toString('base64'), proof };
  }

  @Get('proofs/consistency')
  async consistency(@Query() { from, to }: ConsistencyProofQueryDto) {
    await this.knows(to);
    if (from > to)
      throw new RuleBroken('from-not-after-to', `A tree of ${from} is not a prefix of one of ${to}`);
    return { from, to, proof: base64(this.ledger.tree.consistencyProof(from, to)) };
  }

  /** Trees up to the log's head are known once the tree has caught up with it. */
  private async knows(size: number): Promise<void> {
    await this.ledger.caughtUp();
    if (size > this.ledger.tree.size) throw new NotFound(`The log has no tree of size ${size} yet`);
  }
}

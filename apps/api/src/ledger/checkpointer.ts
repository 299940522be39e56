import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RunCommand } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { JobRegistry } from '@app/jobs';
import { signCheckpoint } from '@app/ledger';
import { LEDGER_SIGNER } from './ledger.tokens';
import type { LedgerSigner } from './ledger-key';
import { LedgerTree } from './ledger-tree';

/**
 * Signs a checkpoint of the whole log every CHECKPOINT_INTERVAL_SECONDS when it has grown, and records it in the
 * `ledger` stream with a command like any other (a schedule: a BullMQ job scheduler with REDIS_URL). Replicas
 * signing the same tree record it once: the command's id is the tree size, and the decider keeps checkpoints
 * moving forwards.
 */
@Injectable()
export class Checkpointer {
  private readonly logger = new Logger(Checkpointer.name);

  constructor(
    private readonly bus: CommandBus,
    private readonly ledger: LedgerTree,
    @Inject(LEDGER_SIGNER) private readonly signer: LedgerSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    schedules: JobRegistry,
  ) {
    const everyMs = config.checkpointIntervalSeconds * 1000;
    schedules.every({ name: 'ledger-checkpoint', everyMs, run: () => this.signIfGrown() });
  }

  /** Signs and records a checkpoint of the tree as it is, if events were added since the last one. */
  async signIfGrown(): Promise<number | undefined> {
    if (!(await this.ledger.caughtUp())) return undefined;
    const { tree } = this.ledger;
    const size = tree.size;
    const last = this.ledger.latest?.treeSize ?? 0;
    if (size <= last || this.ledger.lastContentIndex < last) return undefined;
    const root = tree.root(size);
    const note = signCheckpoint({ origin: this.config.ledgerOrigin, size, root }, this.signer);
    const command = {
      type: 'RecordCheckpoint',
      treeSize: size,
      rootHash: root.toString('base64'),
      note,
    } as const;
    try {
      await this.bus.execute(new RunCommand(command, { commandId: `checkpoint-${size}` }));
      // Served once the tree has read its record back: whoever asked next finds it.
      await this.ledger.caughtUp();
      return size;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.log(`Checkpoint at ${size} not recorded: ${error.message}`);
      return undefined;
    }
  }
}

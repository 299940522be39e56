import { Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import { EventStore } from '@app/event-store';
import { Checkpointer } from './checkpointer';
import { CosignaturesController } from './cosignatures.controller';
import { ledgerSigner } from './ledger-key';
import { LedgerController } from './ledger.controller';
import { LEDGER_SIGNER } from './ledger.tokens';
import { LedgerTree } from './ledger-tree';
import { WitnessedCheckpoints } from './witnessed-checkpoints';

@Module({
  controllers: [LedgerController, CosignaturesController],
  providers: [
    { provide: LEDGER_SIGNER, useFactory: ledgerSigner, inject: [APP_CONFIG] },
    { provide: LedgerTree, useFactory: (store: EventStore) => new LedgerTree(store), inject: [EventStore] },
    Checkpointer,
    WitnessedCheckpoints,
  ],
  exports: [LedgerTree, LEDGER_SIGNER, WitnessedCheckpoints],
})
export class LedgerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly ledger: LedgerTree) {}

  /** In the background, as the other consumers of the log. */
  onApplicationBootstrap(): void {
    this.ledger.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ledger.stop();
  }
}

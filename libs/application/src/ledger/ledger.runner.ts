import { LedgerCommand, ledgerDecider, LedgerEvent, LedgerState } from '@app/domain';
import { defineRunner } from '../command-runner';

/** Signed checkpoints of the log, in the `ledger` stream. */
export const ledgerRunner = defineRunner<LedgerCommand, LedgerState, LedgerEvent, unknown>({
  commands: { RecordCheckpoint: true },
  stream: () => 'ledger',
  decider: ledgerDecider,
  // Signed by the service's own key before it is sent: the note is the proof, the decider keeps the order.
  context: async () => undefined,
});

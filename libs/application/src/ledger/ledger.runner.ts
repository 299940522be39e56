import { LedgerCommand, LedgerContext, ledgerDecider, LedgerEvent, LedgerState } from '@app/domain';
import { parseCosignatureVerifierKey, verifyCosignature } from '@app/ledger';
import { defineRunner } from '../command-runner';

/**
 * Signed checkpoints of the log, in the `ledger` stream, and the witnesses' cosignatures of them. A checkpoint is
 * signed by the service's own key before it is sent: the note is the proof, the decider keeps the order.
 */
export const ledgerRunner = defineRunner<LedgerCommand, LedgerState, LedgerEvent, LedgerContext>({
  commands: { RecordCheckpoint: true, AddCosignature: true },
  stream: () => 'ledger',
  decider: ledgerDecider,
  context: async ({ command, meta, facts }) => ({
    actor: await facts.actor(meta.issuedBy),
    witnessKey:
      command.type === 'AddCosignature' ? (await facts.network(command.networkId)).witnessKey : undefined,
    verifiesCosignature,
  }),
});

/**
 * Handed to the decider rather than checked in a `before` hook: the checkpoint the line must sign is in the ledger
 * stream's state the decider folds, and the refusals keep one order (unknown checkpoint, who, key, once, signature).
 */
function verifiesCosignature(note: string, signatureLine: string, witnessKey: string): boolean {
  // The checkpoint is the note's text: everything up to the blank line before its signatures (C2SP signed-note).
  const checkpointText = note.slice(0, note.lastIndexOf('\n\n') + 1);
  try {
    verifyCosignature(checkpointText, signatureLine, parseCosignatureVerifierKey(witnessKey));
    return true;
  } catch {
    return false;
  }
}

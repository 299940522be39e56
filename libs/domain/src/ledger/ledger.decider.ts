import { WrongState } from '../shared/errors';
import type { Decider } from '../shared/decider';
import type { LedgerCommand } from './ledger.commands';
import type { LedgerEvent } from './ledger.events';

export interface LedgerState {
  /** The tree size of the last checkpoint recorded; 0 before the first. */
  treeSize: number;
}

/**
 * Checkpoints only move forwards: each commits to a larger tree than the one before, so two replicas signing the
 * same moment record it once.
 */
function decide(command: LedgerCommand, state: LedgerState): LedgerEvent[] {
  if (command.treeSize <= state.treeSize)
    throw new WrongState(`A checkpoint at tree size ${state.treeSize} is already recorded`);
  const { treeSize, rootHash, note } = command;
  return [{ type: 'CheckpointRecorded', data: { treeSize, rootHash, note } }];
}

export const ledgerDecider: Decider<LedgerCommand, LedgerState, LedgerEvent, unknown> = {
  initialState: { treeSize: 0 },
  decide: (command, state) => decide(command, state),
  evolve: (_, event) => ({ treeSize: event.data.treeSize }),
};

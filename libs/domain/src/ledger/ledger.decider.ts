import { NotAllowed, NotFound, RuleBroken, WrongState } from '../shared/errors';
import { decideByType, type Decider } from '../shared/decider';
import type { LedgerCommand, LedgerContext } from './ledger.commands';
import type { LedgerEvent } from './ledger.events';

export interface LedgerState {
  /** The tree size of the last checkpoint recorded; 0 before the first. */
  treeSize: number;
  /** Each recorded checkpoint's signed note, and the networks that co-signed it, by tree size. */
  checkpoints: Record<number, { note: string; cosignedBy: string[] }>;
}

type Command<T extends LedgerCommand['type']> = Extract<LedgerCommand, { type: T }>;

/**
 * Checkpoints only move forwards: each commits to a larger tree than the one before, so two replicas signing the
 * same moment record it once.
 */
function recordCheckpoint(command: Command<'RecordCheckpoint'>, state: LedgerState): LedgerEvent[] {
  if (command.treeSize <= state.treeSize)
    throw new WrongState(`A checkpoint at tree size ${state.treeSize} is already recorded`);
  const { treeSize, rootHash, note } = command;
  return [{ type: 'CheckpointRecorded', data: { treeSize, rootHash, note } }];
}

/** A network's coordinator speaks for its witness, once per checkpoint, with the key the network registered. */
function addCosignature(
  command: Command<'AddCosignature'>,
  state: LedgerState,
  context: LedgerContext,
): LedgerEvent[] {
  const { treeSize, networkId, signatureLine } = command;
  const checkpoint = state.checkpoints[treeSize];
  if (!checkpoint) throw new NotFound(`No checkpoint of tree size ${treeSize} is recorded`);
  const actor = context.actor;
  if (!actor || actor.networkId !== networkId || !actor.roles.includes('coordinator') || !actor.networkActive)
    throw new NotAllowed("Only an active network's own coordinators co-sign for its witness");
  if (!context.witnessKey) throw new NotAllowed(`Network ${networkId} has registered no witness key`);
  if (checkpoint.cosignedBy.includes(networkId))
    throw new WrongState(
      `Network ${networkId} has already co-signed the checkpoint of tree size ${treeSize}`,
    );
  if (!context.verifiesCosignature(checkpoint.note, signatureLine, context.witnessKey))
    throw new RuleBroken(
      'cosignature',
      `Not a cosignature by network ${networkId}'s witness key over the checkpoint of tree size ${treeSize}`,
    );
  return [{ type: 'CosignatureAdded', data: { treeSize, networkId, signatureLine } }];
}

const decide = decideByType<LedgerCommand, LedgerState, LedgerEvent, LedgerContext>({
  RecordCheckpoint: recordCheckpoint,
  AddCosignature: addCosignature,
});

function evolve(state: LedgerState, event: LedgerEvent): LedgerState {
  switch (event.type) {
    case 'CheckpointRecorded': {
      const { treeSize, note } = event.data;
      return { treeSize, checkpoints: { ...state.checkpoints, [treeSize]: { note, cosignedBy: [] } } };
    }
    case 'CosignatureAdded': {
      const { treeSize, networkId } = event.data;
      const checkpoint = state.checkpoints[treeSize];
      const cosigned = { ...checkpoint, cosignedBy: [...checkpoint.cosignedBy, networkId] };
      return { ...state, checkpoints: { ...state.checkpoints, [treeSize]: cosigned } };
    }
  }
}

export const ledgerDecider: Decider<LedgerCommand, LedgerState, LedgerEvent, LedgerContext> = {
  initialState: { treeSize: 0, checkpoints: {} },
  decide,
  evolve,
};

import type { Actor } from '../shared/actor';

export type LedgerCommand =
  /** A signed checkpoint of the log (C2SP tlog-checkpoint as a signed note), recorded by the service that signed it. */
  | { type: 'RecordCheckpoint'; treeSize: number; rootHash: string; note: string }
  /** A network's witness co-signing a recorded checkpoint (a C2SP tlog-cosignature line). */
  | { type: 'AddCosignature'; treeSize: number; networkId: string; signatureLine: string };

export interface LedgerContext {
  /** Absent for the service recording its own checkpoint. */
  actor?: Actor;
  /** The verifier key the cosigning network registered, if any. */
  witnessKey?: string;
  /**
   * Whether `signatureLine` is a valid cosignature by `witnessKey` over the signed note's checkpoint: Ed25519 and the
   * C2SP formats are the ledger library's, outside the domain; the rules about it stay here.
   */
  verifiesCosignature(note: string, signatureLine: string, witnessKey: string): boolean;
}

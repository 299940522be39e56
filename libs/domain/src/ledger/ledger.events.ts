import type { DomainEvent } from '../shared/decider';

export type LedgerEvent =
  | DomainEvent<'CheckpointRecorded', { treeSize: number; rootHash: string; note: string }>
  | DomainEvent<'CosignatureAdded', { treeSize: number; networkId: string; signatureLine: string }>;

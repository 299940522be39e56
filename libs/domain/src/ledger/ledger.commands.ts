/** A signed checkpoint of the log (C2SP tlog-checkpoint as a signed note), recorded by the service that signed it. */
export type LedgerCommand = { type: 'RecordCheckpoint'; treeSize: number; rootHash: string; note: string };

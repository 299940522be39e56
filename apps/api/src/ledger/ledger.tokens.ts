/** The Nest token of the key that signs checkpoints. */
export const LEDGER_SIGNER = Symbol('LEDGER_SIGNER');

// The public surface; the key-string and Ed25519 helpers the modules share stay inside the library.
export {
  EMPTY_ROOT,
  HASH_SIZE,
  leafHash,
  MerkleTree,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle-tree';
export {
  decodeBase64,
  ED25519,
  generateSigner,
  type GeneratedKey,
  isValidKeyName,
  keyId,
  NoteError,
  type NoteErrorReason,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  type OpenedNote,
  openNote,
  parseSignatureLine,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './signed-note';
export {
  type Checkpoint,
  CheckpointError,
  type CheckpointFields,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './checkpoint';
export {
  cosignCheckpoint,
  cosignedMessage,
  COSIGNATURE_V1,
  type CosignatureVerifier,
  type Cosigner,
  parseCosignatureVerifierKey,
  parseCosignerKey,
  verifyCosignature,
} from './cosignature';

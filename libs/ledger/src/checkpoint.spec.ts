import {
  CheckpointError,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './checkpoint';
import { MerkleTree } from './merkle-tree';
import { generateSigner, NoteError, parseSignerKey, parseVerifierKey } from './signed-note';

// The example checkpoint of C2SP tlog-checkpoint and tlog-cosignature.
const example = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

describe('checkpoints (C2SP tlog-checkpoint)', () => {
  it("reads the spec's example and writes it back byte for byte", () => {
    const checkpoint = parseCheckpoint(example);
    expect(checkpoint).toEqual({
      origin: 'example.com/behind-the-sofa',
      size: 20852163,
      root: Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64'),
      extensions: [],
    });
    expect(formatCheckpoint(checkpoint)).toBe(example);
  });

  it('keeps extension lines, and writes the empty tree as size 0', () => {
    const withExtension = `${example}extension one\n`;
    expect(parseCheckpoint(withExtension).extensions).toEqual(['extension one']);
    expect(formatCheckpoint(parseCheckpoint(withExtension))).toBe(withExtension);
    const empty = formatCheckpoint({ origin: 'log.example', size: 0, root: new MerkleTree().root() });
    expect(empty).toBe('log.example\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
  });

  it('refuses malformed checkpoints', () => {
    const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
    const malformed = [
      example.slice(0, -1),
      `example.com/log\n20852163\n`,
      `\n1\n${root}\n`,
      `log\n01\n${root}\n`,
      `log\n-1\n${root}\n`,
      `log\n1.0\n${root}\n`,
      `log\n 1\n${root}\n`,
      `log\n9007199254740992\n${root}\n`,
      `log\n1\n${root.slice(0, -4)}\n`,
      `log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n`,
      `log\n1\n${root}\n\n`,
      `log\n1\n${root}\nextension\n\n`,
    ];
    for (const text of malformed) expect(() => parseCheckpoint(text)).toThrow(CheckpointError);
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, root: Buffer.alloc(32) })).toThrow(
      CheckpointError,
    );
    expect(() => formatCheckpoint({ origin: 'log', size: 1, root: Buffer.alloc(31) })).toThrow(
      CheckpointError,
    );
  });

  it('signs a checkpoint as a note and opens it only with the log key', () => {
    const log = generateSigner('ledger.example');
    const tree = new MerkleTree();
    tree.append(Buffer.alloc(32, 1));
    const note = signCheckpoint(
      { origin: 'ledger.example', size: 1, root: tree.root() },
      parseSignerKey(log.signerKey),
    );
    const { checkpoint } = openCheckpoint(note, [parseVerifierKey(log.verifierKey)]);
    expect(checkpoint.size).toBe(1);
    expect(checkpoint.root.equals(tree.root())).toBe(true);
    const other = parseVerifierKey(generateSigner('ledger.example').verifierKey);
    expect(() => openCheckpoint(note, [other])).toThrow(NoteError);
  });
});

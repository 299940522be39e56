import { formatCheckpoint, signCheckpoint } from './checkpoint';
import {
  cosignCheckpoint,
  cosignedMessage,
  parseCosignatureVerifierKey,
  parseCosignerKey,
  verifyCosignature,
} from './cosignature';
import { generateSigner, NoteError, openNote, parseSignerKey, parseVerifierKey } from './signed-note';

const checkpointText =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const fixedNow = () => 1679315147_000;

function witness(name = 'witness.example/w1') {
  const key = generateSigner(name);
  return { cosigner: parseCosignerKey(key.signerKey, fixedNow), verifierKey: key.verifierKey };
}

function refusal(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    return error.reason;
  }
}

describe('cosignatures (C2SP tlog-cosignature, Ed25519)', () => {
  it('signs the cosignature/v1 message of the spec', () => {
    expect(cosignedMessage(checkpointText, 1679315147).toString()).toBe(
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n' +
        'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
  });

  it('reads cosigner keys of type 0x04, and 0x01 keys as the same key with a 0x04 key ID', () => {
    // Both from transparency-dev/formats note/note_cosigv1_test.go.
    expect(
      parseCosignatureVerifierKey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2')
        .keyId,
    ).toBe(0xda77ade7);
    const converted = parseCosignatureVerifierKey(
      'TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6',
    );
    expect(converted.keyId).not.toBe(0x7997405c);
    const { cosigner, verifierKey } = witness();
    expect(parseCosignatureVerifierKey(cosigner.verifierKey).keyId).toBe(cosigner.keyId);
    expect(parseCosignatureVerifierKey(verifierKey).keyId).toBe(cosigner.keyId);
    expect(parseVerifierKey(verifierKey).keyId).not.toBe(cosigner.keyId);
    expect(refusal(() => parseCosignatureVerifierKey('rekor.sigstore.dev+12345678+AwEB'))).toBe(
      'malformed key',
    );
    expect(
      refusal(() =>
        parseCosignatureVerifierKey(cosigner.verifierKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+')),
      ),
    ).toBe('malformed key');
  });

  it('makes a line of key ID, big-endian timestamp and signature that verifies over its checkpoint', () => {
    const { cosigner, verifierKey } = witness();
    const line = cosignCheckpoint(checkpointText, cosigner);
    const bytes = Buffer.from(line.split(' ')[2], 'base64');
    expect(bytes.length).toBe(4 + 8 + 64);
    expect(bytes.readUInt32BE(0)).toBe(cosigner.keyId);
    expect(bytes.readBigUInt64BE(4)).toBe(1679315147n);
    expect(verifyCosignature(checkpointText, line, parseCosignatureVerifierKey(verifierKey))).toBe(
      1679315147,
    );
    expect(
      verifyCosignature(checkpointText, `${line}\n`, parseCosignatureVerifierKey(cosigner.verifierKey)),
    ).toBe(1679315147);
  });

  it('refuses a cosignature over another checkpoint, by another key, or with any byte of key ID, time or signature altered', () => {
    const { cosigner, verifierKey } = witness();
    const verifier = parseCosignatureVerifierKey(verifierKey);
    const line = cosignCheckpoint(checkpointText, cosigner);
    const otherCheckpoint = formatCheckpoint({
      origin: 'example.com/behind-the-sofa',
      size: 20852164,
      root: Buffer.alloc(32),
    });
    expect(refusal(() => verifyCosignature(otherCheckpoint, line, verifier))).toBe('invalid signature');
    expect(refusal(() => verifyCosignature(`${checkpointText}extension\n`, line, verifier))).toBe(
      'invalid signature',
    );
    const stranger = parseCosignatureVerifierKey(witness().verifierKey);
    expect(refusal(() => verifyCosignature(checkpointText, line, stranger))).toBe('invalid signature');
    const bytes = Buffer.from(line.split(' ')[2], 'base64');
    const accepted: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const altered = Buffer.from(bytes);
      altered[i] ^= 0x01;
      const alteredLine = `\u2014 ${cosigner.name} ${altered.toString('base64')}`;
      if (!refusal(() => verifyCosignature(checkpointText, alteredLine, verifier))) accepted.push(i);
    }
    expect(accepted).toEqual([]);
    expect(refusal(() => verifyCosignature(checkpointText, line.slice(0, -8), verifier))).toBe(
      'invalid signature',
    );
    expect(refusal(() => verifyCosignature(checkpointText, line.slice(0, -1), verifier))).toBe(
      'malformed note',
    );
  });

  it('cosigns a signed checkpoint that then opens with the log key and the witness keys', () => {
    const log = generateSigner('ledger.example');
    const note = signCheckpoint(
      { origin: 'ledger.example', size: 3, root: Buffer.alloc(32, 7) },
      parseSignerKey(log.signerKey),
    );
    const text = note.slice(0, note.lastIndexOf('\n\n') + 1);
    const first = witness('w1.example');
    const second = witness('w2.example');
    const cosigned = `${note}${cosignCheckpoint(text, first.cosigner)}\n${cosignCheckpoint(text, second.cosigner)}\n`;
    const opened = openNote(cosigned, [
      parseVerifierKey(log.verifierKey),
      parseCosignatureVerifierKey(first.verifierKey),
    ]);
    expect(opened.verified.map((s) => s.name)).toEqual(['ledger.example', 'w1.example']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['w2.example']);
    // A witness key is no log key: a note signed only by witnesses does not open with the log's verifier alone.
    const witnessedOnly = `${text}\n${cosignCheckpoint(text, first.cosigner)}\n`;
    expect(refusal(() => openNote(witnessedOnly, [parseVerifierKey(log.verifierKey)]))).toBe(
      'no verified signature',
    );
  });
});

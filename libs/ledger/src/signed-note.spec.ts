import {
  generateSigner,
  keyId,
  NoteError,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './signed-note';

// Known answers from Go's golang.org/x/mod/sumdb/note (note_test.go): a signer key, its verifier key, a text and
// the note Go signs from them, and a second signature by another key.
const peterSignerKey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const peterVerifierKey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const enochVerifierKey = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const text =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const peterLine =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const enochLine =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const peter = parseVerifierKey(peterVerifierKey);
const enoch = parseVerifierKey(enochVerifierKey);

function refusal(open: () => unknown): string | undefined {
  try {
    open();
    return undefined;
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    return error.reason;
  }
}

describe('signed notes (C2SP signed-note)', () => {
  it("signs Go's test note byte for byte, and derives its verifier key from the signer key", () => {
    const signer = parseSignerKey(peterSignerKey);
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(signer.verifierKey).toBe(peterVerifierKey);
    expect(signNote(text, signer)).toBe(`${text}\n${peterLine}`);
  });

  it('computes key IDs as SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]', () => {
    const publicKey = Buffer.from(peterVerifierKey.split('+')[2], 'base64').subarray(1);
    expect(keyId('PeterNeumann', 0x01, publicKey)).toBe(0xc74f20a3);
    expect(peter.keyId).toBe(0xc74f20a3);
  });

  it('opens a note, setting aside signatures by keys it was not given', () => {
    const opened = openNote(`${text}\n${peterLine}${enochLine}`, [peter]);
    expect(opened.text).toBe(text);
    expect(opened.verified.map((s) => [s.name, s.keyId])).toEqual([['PeterNeumann', 0xc74f20a3]]);
    expect(opened.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
    const both = openNote(Buffer.from(`${text}\n${peterLine}${enochLine}`), [peter, enoch]);
    expect(both.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
  });

  it('refuses a note signed only by unknown keys, or by a key sharing only a name or an ID with a known one', () => {
    const stranger = generateSigner('PeterNeumann');
    const strangerNote = signNote(text, parseSignerKey(stranger.signerKey));
    expect(refusal(() => openNote(strangerNote, [peter]))).toBe('no verified signature');
    expect(refusal(() => openNote(`${text}\n${enochLine}`, [peter]))).toBe('no verified signature');
    const renamed = peterLine.replace('PeterNeumann', 'PeterNeuman');
    expect(refusal(() => openNote(`${text}\n${renamed}`, [peter]))).toBe('no verified signature');
  });

  it('refuses a note whose text or signature was changed, even beside a good signature', () => {
    expect(refusal(() => openNote(`${text.replace('think', 'thing')}\n${peterLine}`, [peter]))).toBe(
      'invalid signature',
    );
    const badPeter = peterLine.slice(0, 60) + 'ABCD' + peterLine.slice(60);
    expect(refusal(() => openNote(`${text}\n${badPeter}`, [peter]))).toBe('invalid signature');
    expect(refusal(() => openNote(`${text}\n${enochLine}${badPeter}`, [peter, enoch]))).toBe(
      'invalid signature',
    );
  });

  it("refuses Go's malformed notes", () => {
    const malformed = [
      text,
      `${text}\n`,
      `${text}\n${peterLine.slice(0, -1)}`,
      `\u0001${text}\n${peterLine}`,
      `\r${text}\n${peterLine}`,
      `${text}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${text}\n${peterLine}Unexpected line.\n`,
      `${text}\n${peterLine.replace('x08go', 'x08g')}`,
      `${text}\n${peterLine.replace('\u2014', '-')}`,
      `${text}\n${peterLine.repeat(101)}`,
    ];
    for (const note of malformed)
      expect([note, refusal(() => openNote(note, [peter]))]).toEqual([note, 'malformed note']);
    const notUtf8 = Buffer.concat([Buffer.of(0xff), Buffer.from(`${text}\n${peterLine}`)]);
    expect(refusal(() => openNote(notUtf8, [peter]))).toBe('malformed note');
  });

  it('refuses to choose between two verifiers with the same name and key ID', () => {
    expect(refusal(() => openNote(`${text}\n${enochLine}`, [enoch, peter, enoch]))).toBe('ambiguous key');
  });

  it('generates keys that sign and verify, and refuses text not ending in a newline', () => {
    const { signerKey, verifierKey } = generateSigner('ledger.example/log');
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+ledger\.example\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    expect(verifierKey).toMatch(/^ledger\.example\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    const signer = parseSignerKey(signerKey);
    expect(signer.verifierKey).toBe(verifierKey);
    expect(openNote(signNote('a\n\nb\n', signer), [parseVerifierKey(verifierKey)]).text).toBe('a\n\nb\n');
    expect(refusal(() => signNote('no newline', signer))).toBe('malformed note');
  });

  it("refuses every substring and every one-byte change of Go's keys", () => {
    for (const [key, parse] of [
      [peterVerifierKey, parseVerifierKey],
      [peterSignerKey, parseSignerKey],
    ] as const) {
      const accepted: string[] = [];
      for (let i = 0; i <= key.length; i++) {
        for (let j = i + 1; j <= key.length; j++) {
          if ((i > 0 || j < key.length) && !refusal(() => parse(key.slice(i, j)))) {
            accepted.push(key.slice(i, j));
          }
        }
      }
      for (let i = 0; i < key.length; i++) {
        const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
        if (!refusal(() => parse(changed))) accepted.push(changed);
      }
      expect(accepted).toEqual([]);
    }
    // Wrong length and unknown algorithm, each with a matching key ID (from Go's tests).
    expect(
      refusal(() =>
        parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='),
      ),
    ).toBe('malformed key');
    expect(
      refusal(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')),
    ).toBe('malformed key');
  });
});

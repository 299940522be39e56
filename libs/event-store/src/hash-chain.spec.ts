import type { RecordedEvent } from './event-store';
import { ChainVerifier, GENESIS_HASH, hashEvent, sealEvents } from './hash-chain';

let position = 0n;
/** `count` events of `stream` as the store would record them, chained from revision 0. */
function recorded(stream: string, count: number): RecordedEvent[] {
  const events = Array.from({ length: count }, (_, n) => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'Counted',
    data: { n },
  }));
  return sealEvents(stream, 0n, GENESIS_HASH, events).map((event) => ({
    ...event,
    stream,
    position: position++,
    createdAt: new Date(0),
  }));
}

describe('ChainVerifier', () => {
  it('checks each event as it arrives against the last one of its stream, streams interleaved', () => {
    const [a, b] = [recorded('a', 3), recorded('b', 2)];
    const verifier = new ChainVerifier();
    expect([a[0], b[0], a[1], b[1], a[2]].map((event) => verifier.check(event))).toEqual(
      Array(5).fill(undefined),
    );
    expect(verifier).toMatchObject({ eventsChecked: 5, streamsChecked: 2 });
  });

  it('names a changed event, and goes on checking the events after it against what is stored', () => {
    const a = recorded('a', 3);
    const verifier = new ChainVerifier();
    const changed = { ...a[1], data: { n: 2 } };
    expect([a[0], changed, a[2]].map((event) => verifier.check(event))).toEqual([
      undefined,
      {
        stream: 'a',
        revision: '1',
        position: a[1].position.toString(),
        eventId: a[1].id,
        reason: 'hash does not match the event content',
      },
      undefined,
    ]);
  });

  // The chain alone, no Merkle root: an edit of any stored column of an event is named at that event.
  it.each<[string, (event: RecordedEvent) => Partial<RecordedEvent>]>([
    ['stream', () => ({ stream: 'b' })],
    ['revision', () => ({ revision: 2n })],
    ['id', () => ({ id: '00000000-0000-4000-8000-000000000009' })],
    ['type', () => ({ type: 'Uncounted' })],
    ['data', () => ({ data: { n: 7 } })],
    ['metadata', (event) => ({ metadata: { ...event.metadata, occurredAt: '2026-12-02T10:00:00.000Z' } })],
  ])('names an event whose %s was edited in storage', (_column, edit) => {
    const [a, b] = [recorded('a', 3), recorded('b', 1)];
    const verifier = new ChainVerifier();
    const edited = { ...a[1], ...edit(a[1]) };
    expect([b[0], a[0], edited].map((event) => verifier.check(event))).toEqual([
      undefined,
      undefined,
      expect.objectContaining({ eventId: edited.id, revision: edited.revision.toString() }),
    ]);
  });

  it('names the first event of a stream renamed in storage, though its revisions and links still chain', () => {
    const renamed = recorded('a', 2).map((event) => ({ ...event, stream: 'c' }));
    const verifier = new ChainVerifier();
    expect(renamed.map((event) => verifier.check(event)?.revision)).toEqual(['0', '1']);
  });

  it('names the event after a missing one, and an event chained onto another predecessor', () => {
    const [a, b] = [recorded('a', 3), recorded('b', 2)];
    const verifier = new ChainVerifier();
    expect(verifier.check(a[0])).toBeUndefined();
    expect(verifier.check(a[2])).toMatchObject({ revision: '2', reason: expect.stringMatching(/missing/) });
    expect(verifier.check(b[0])).toBeUndefined();
    const grafted = { ...b[1], metadata: { ...b[1].metadata, prevHash: a[0].metadata.hash } };
    expect(verifier.check(grafted)).toMatchObject({ stream: 'b', reason: expect.stringMatching(/prevHash/) });
  });

  it('keeps the tips of thousands of streams, and names a broken link in any of them', () => {
    const streams = Array.from({ length: 3000 }, (_, n) => recorded(`s${n}`, 3));
    const verifier = new ChainVerifier();
    for (const revision of [0, 1])
      for (const events of streams) expect(verifier.check(events[revision])).toBeUndefined();
    const [first, last] = [streams[0], streams[2999]];
    expect(
      verifier.check({ ...last[2], metadata: { ...last[2].metadata, prevHash: first[1].metadata.hash } }),
    ).toMatchObject({
      stream: 's2999',
      reason: expect.stringMatching(/prevHash/),
    });
    expect(verifier.check(first[2])).toBeUndefined();
    expect(verifier).toMatchObject({ eventsChecked: 6002, streamsChecked: 3000 });
  });

  it('compares a tampered hash as it was stored: the same digits in capitals are not the hash', () => {
    const a = recorded('a', 2);
    const verifier = new ChainVerifier();
    const capitals = { ...a[0], metadata: { ...a[0].metadata, hash: a[0].metadata.hash.toUpperCase() } };
    expect(verifier.check(capitals)).toMatchObject({ reason: 'hash does not match the event content' });
    expect(verifier.check(a[1])).toMatchObject({ revision: '1', reason: expect.stringMatching(/prevHash/) });
  });

  it('compares a tampered revision as it was stored, past 64 bits too', () => {
    const a = recorded('a', 2);
    const verifier = new ChainVerifier();
    expect(verifier.check({ ...a[0], revision: 2n ** 64n })).toMatchObject({
      reason: expect.stringMatching(/missing/),
    });
    expect(verifier.check(a[1])).toMatchObject({
      reason: 'revision 1 follows 18446744073709551616: an event is missing or out of place',
    });
  });
});

describe('hashEvent', () => {
  const content = {
    stream: 'practice-1',
    revision: 3n,
    id: '00000000-0000-4000-8000-000000000001',
    type: 'PracticePublished',
    data: { practiceId: '1', version: 2 },
    metadata: { prevHash: 'a'.repeat(64), commandId: 'c1', occurredAt: '2026-12-02T10:00:00.000Z' },
  };

  // Each stored column is covered: a row whose type, id, stream, revision, data or metadata was edited no longer
  // matches its hash, and neither does one chained onto another previous hash.
  it.each([
    ['stream', { stream: 'practice-2' }],
    ['revision', { revision: 4n }],
    ['id', { id: '00000000-0000-4000-8000-000000000002' }],
    ['type', { type: 'PracticeWithdrawn' }],
    ['data', { data: { practiceId: '1', version: 3 } }],
    ['metadata', { metadata: { ...content.metadata, occurredAt: '2026-12-02T10:00:00.001Z' } }],
  ])('changes when %s changes', (_, change) => {
    expect(hashEvent(GENESIS_HASH, { ...content, ...change })).not.toBe(hashEvent(GENESIS_HASH, content));
  });

  it('changes with the previous hash, and ignores only the hash it is', () => {
    expect(hashEvent('b'.repeat(64), content)).not.toBe(hashEvent(GENESIS_HASH, content));
    const withOwnHash = { ...content, metadata: { ...content.metadata, hash: 'c'.repeat(64) } };
    expect(hashEvent(GENESIS_HASH, withOwnHash)).toBe(hashEvent(GENESIS_HASH, content));
  });
});

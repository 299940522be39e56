import { randomUUID } from 'node:crypto';
import type { EventData, EventStore, RecordedEvent } from '../event-store';
import { InvalidEventError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import { GENESIS_HASH, hashEvent, verifyStream } from '../hash-chain';
import { readAllInPages } from '../read-all-pages';

/** A fresh event with a new id. */
export function anEvent(type = 'SomethingHappened', data: Record<string, unknown> = {}): EventData {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID() } };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/**
 * The behaviour every `EventStore` adapter must have. Each test uses streams under a fresh prefix, so the suite
 * also runs against a shared EventStoreDB server that holds other data.
 */
export function eventStoreContract(adapter: string, open: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let store: EventStore;
    let prefix: string;
    const stream = (name: string) => `${prefix}${name}`;
    const ours = (events: RecordedEvent[]) => events.filter((event) => event.stream.startsWith(prefix));

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });
    beforeEach(() => {
      prefix = `t${randomUUID().replace(/-/g, '').slice(0, 12)}-`;
    });

    describe('expected revision', () => {
      it('no_stream creates a stream at revision 0 and refuses an existing one', async () => {
        const first = await store.appendToStream(stream('a'), [anEvent()], { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(0n);
        expect(typeof first.position).toBe('bigint');

        const error = await rejection(
          store.appendToStream(stream('a'), [anEvent()], { expectedRevision: 'no_stream' }),
        );
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ stream: stream('a'), expected: 'no_stream', actual: 0n });
      });

      it('stream_exists refuses a missing stream and accepts an existing one', async () => {
        const error = await rejection(
          store.appendToStream(stream('b'), [anEvent()], { expectedRevision: 'stream_exists' }),
        );
        expect(error).toMatchObject({ name: 'WrongExpectedVersionError', actual: 'no_stream' });

        await store.appendToStream(stream('b'), [anEvent()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream('b'), [anEvent(), anEvent()], {
          expectedRevision: 'stream_exists',
        });
        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('any appends whatever the stream holds', async () => {
        expect(
          (await store.appendToStream(stream('c'), [anEvent()], { expectedRevision: 'any' }))
            .nextExpectedRevision,
        ).toBe(0n);
        expect((await store.appendToStream(stream('c'), [anEvent()])).nextExpectedRevision).toBe(1n);
      });

      it('an exact revision must be the current one', async () => {
        await store.appendToStream(stream('d'), [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        expect(
          (await store.appendToStream(stream('d'), [anEvent()], { expectedRevision: 1n }))
            .nextExpectedRevision,
        ).toBe(2n);

        for (const stale of [0n, 1n, 5n]) {
          const error = await rejection(
            store.appendToStream(stream('d'), [anEvent()], { expectedRevision: stale }),
          );
          expect(error).toBeInstanceOf(WrongExpectedVersionError);
          expect(error).toMatchObject({ expected: stale, actual: 2n });
        }
        const missing = await rejection(
          store.appendToStream(stream('none'), [anEvent()], { expectedRevision: 0n }),
        );
        expect(missing).toMatchObject({ name: 'WrongExpectedVersionError', actual: 'no_stream' });
        expect((await store.readStream(stream('d'))).length).toBe(3);
      });

      it('refuses invalid events and writes nothing', async () => {
        const bad = { ...anEvent(), id: 'not-a-uuid' };
        await expect(store.appendToStream(stream('e'), [anEvent(), bad])).rejects.toBeInstanceOf(
          InvalidEventError,
        );
        await expect(store.readStream(stream('e'))).rejects.toBeInstanceOf(StreamNotFoundError);
      });
    });

    describe('idempotent retry', () => {
      it('re-appending the same events after the same expected revision succeeds and writes nothing', async () => {
        await store.appendToStream(stream('i'), [anEvent()], { expectedRevision: 'no_stream' });
        const events = [anEvent(), anEvent(), anEvent()];
        const first = await store.appendToStream(stream('i'), events, { expectedRevision: 0n });
        await store.appendToStream(stream('i'), [anEvent()], { expectedRevision: 3n });

        const retry = await store.appendToStream(stream('i'), events, { expectedRevision: 0n });
        expect(retry).toEqual(first);
        expect((await store.readStream(stream('i'))).length).toBe(5);
      });

      it('is idempotent for no_stream and any too', async () => {
        const created = [anEvent(), anEvent()];
        const first = await store.appendToStream(stream('j'), created, { expectedRevision: 'no_stream' });
        expect(await store.appendToStream(stream('j'), created, { expectedRevision: 'no_stream' })).toEqual(
          first,
        );

        const more = [anEvent()];
        const second = await store.appendToStream(stream('j'), more, { expectedRevision: 'any' });
        expect(await store.appendToStream(stream('j'), more, { expectedRevision: 'any' })).toEqual(second);
        expect((await store.readStream(stream('j'))).map((event) => event.id)).toEqual(
          [...created, ...more].map((e) => e.id),
        );
      });

      it('a partial match is a conflict', async () => {
        const [a, b] = [anEvent(), anEvent()];
        await store.appendToStream(stream('k'), [a, b], { expectedRevision: 'no_stream' });

        await expect(
          store.appendToStream(stream('k'), [a, anEvent()], { expectedRevision: 'no_stream' }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(
          store.appendToStream(stream('k'), [a, b, anEvent()], { expectedRevision: 'no_stream' }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(
          store.appendToStream(stream('k'), [a, anEvent()], { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect((await store.readStream(stream('k'))).map((event) => event.id)).toEqual([a.id, b.id]);
      });

      it('new events at a stale revision are a conflict', async () => {
        await store.appendToStream(stream('l'), [anEvent()], { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(stream('l'), [anEvent()], { expectedRevision: 'no_stream' }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect((await store.readStream(stream('l'))).length).toBe(1);
      });
    });

    describe('reads', () => {
      it('reads a stream forwards and backwards, from a revision, up to a count', async () => {
        const events = Array.from({ length: 5 }, (_, n) => anEvent('Numbered', { n }));
        await store.appendToStream(stream('r'), events, { expectedRevision: 'no_stream' });

        const forwards = await store.readStream(stream('r'));
        expect(forwards.map((event) => event.data)).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
        expect(forwards.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(forwards[0]).toMatchObject({ id: events[0].id, type: 'Numbered', stream: stream('r') });
        expect(forwards[0].metadata).toMatchObject(events[0].metadata!);
        expect(forwards[0].createdAt).toBeInstanceOf(Date);

        const window = await store.readStream(stream('r'), { fromRevision: 1n, maxCount: 2 });
        expect(window.map((event) => event.revision)).toEqual([1n, 2n]);

        const backwards = await store.readStream(stream('r'), { direction: 'backwards', maxCount: 3 });
        expect(backwards.map((event) => event.revision)).toEqual([4n, 3n, 2n]);
        const backFrom = await store.readStream(stream('r'), { direction: 'backwards', fromRevision: 1n });
        expect(backFrom.map((event) => event.revision)).toEqual([1n, 0n]);
      });

      it('a missing stream is StreamNotFoundError', async () => {
        await expect(store.readStream(stream('missing'))).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('readAll returns every stream in global order, from an inclusive position', async () => {
        const written: string[] = [];
        for (let n = 0; n < 6; n++) {
          const event = anEvent('Numbered', { n });
          written.push(event.id);
          await store.appendToStream(stream(n % 2 ? 'odd' : 'even'), [event]);
        }
        const firstPosition = (await store.readStream(stream('even')))[0].position;
        const all = ours(await store.readAll({ fromPosition: firstPosition }));
        expect(all.map((event) => event.id)).toEqual(written);
        const positions = all.map((event) => event.position);
        expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
        expect(new Set(positions).size).toBe(positions.length);

        const fromThird = ours(await store.readAll({ fromPosition: all[2].position, maxCount: 2 }));
        expect(fromThird.map((event) => event.id)).toEqual(written.slice(2, 4));
        expect(await store.headPosition()).toBeGreaterThanOrEqual(all[5].position);
      });

      it('reads $all in pages that neither skip nor repeat an event', async () => {
        const written: string[] = [];
        for (let n = 0; n < 7; n++) {
          const event = anEvent('Numbered', { n });
          written.push(event.id);
          await store.appendToStream(stream(`pg${n % 3}`), [event]);
        }
        const firstPosition = (await store.readStream(stream('pg0')))[0].position;
        const pages: RecordedEvent[][] = [];
        for await (const page of readAllInPages(store, { fromPosition: firstPosition, pageSize: 2 }))
          pages.push(page);
        expect(ours(pages.flat()).map((event) => event.id)).toEqual(written);
        expect(pages.every((page) => page.length <= 2)).toBe(true);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, then delivers new events live and in order, until closed', async () => {
        const { position: marker } = await store.appendToStream(stream('marker'), [anEvent('Marker')]);
        const before = [anEvent('Numbered', { n: 0 }), anEvent('Numbered', { n: 1 })];
        await store.appendToStream(stream('s'), before);
        const subscription = store.subscribeToAll({ fromPosition: marker });

        const seen: RecordedEvent[] = [];
        const done = (async () => {
          for await (const event of subscription) {
            if (!event.stream.startsWith(prefix)) continue;
            seen.push(event);
            if (seen.length === 5) await subscription.close();
          }
        })();
        const live = [
          anEvent('Numbered', { n: 2 }),
          anEvent('Numbered', { n: 3 }),
          anEvent('Numbered', { n: 4 }),
        ];
        for (const event of live) await store.appendToStream(stream(event === live[1] ? 't' : 's'), [event]);
        await done;
        expect(seen.map((event) => event.id)).toEqual([...before, ...live].map((event) => event.id));
      });

      it('a consumer that checkpoints and resubscribes loses and repeats nothing', async () => {
        const events = Array.from({ length: 10 }, (_, n) => anEvent('Numbered', { n }));
        const start = (await store.appendToStream(stream('cp'), [anEvent('Start')])).position;
        const writing = (async () => {
          for (const event of events) await store.appendToStream(stream('cp'), [event]);
        })();

        const handled: string[] = [];
        let checkpoint = start;
        while (handled.length < events.length) {
          const subscription = store.subscribeToAll({ fromPosition: checkpoint });
          let inThisRound = 0;
          for await (const event of subscription) {
            if (event.stream === stream('cp')) handled.push(event.id);
            checkpoint = event.position;
            inThisRound += 1;
            // Close after a few events, mid-stream, and resume from the checkpoint.
            if (inThisRound === 3 || handled.length === events.length) await subscription.close();
          }
        }
        await writing;
        expect(handled).toEqual(events.map((event) => event.id));
      });

      it('from end delivers only what comes after subscribing', async () => {
        await store.appendToStream(stream('old'), [anEvent()]);
        const subscription = store.subscribeToAll({ fromPosition: 'end' });
        const fresh = anEvent('Fresh');
        const received = (async () => {
          for await (const event of subscription) {
            if (event.stream.startsWith(prefix)) {
              await subscription.close();
              return event.id;
            }
          }
        })();
        await store.appendToStream(stream('new'), [fresh]);
        expect(await received).toBe(fresh.id);
      });
    });

    describe('hash chain', () => {
      it('chains each event to the previous one of its stream', async () => {
        await store.appendToStream(stream('h'), [anEvent('A', { x: 1 }), anEvent('B', { y: [1, 2] })]);
        await store.appendToStream(stream('other'), [anEvent()]);
        await store.appendToStream(stream('h'), [anEvent('C', { z: 'é' })], { expectedRevision: 1n });

        const events = await store.readStream(stream('h'));
        expect(events[0].metadata.prevHash).toBe(GENESIS_HASH);
        for (const [index, event] of events.entries()) {
          if (index > 0) expect(event.metadata.prevHash).toBe(events[index - 1].metadata.hash);
          expect(event.metadata.hash).toBe(hashEvent(event.metadata.prevHash, event));
          expect(event.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        }
        expect(await verifyStream(store, stream('h'))).toEqual({
          ok: true,
          eventsChecked: 3,
          streamsChecked: 1,
        });
        // verifyAll walks the whole log, which on a shared server holds more than this test wrote: the SQLite
        // spec checks it; here each of our streams is checked.
        expect(await verifyStream(store, stream('other'))).toMatchObject({ ok: true, eventsChecked: 1 });
      });

      it('a different content or predecessor gives a different hash', async () => {
        await store.appendToStream(stream('hh'), [anEvent('A', { amount: 100 })]);
        const [event] = await store.readStream(stream('hh'));
        const hash = event.metadata.hash;
        expect(hashEvent(event.metadata.prevHash, { ...event, data: { amount: 101 } })).not.toBe(hash);
        expect(hashEvent(event.metadata.prevHash, { ...event, revision: 1n })).not.toBe(hash);
        expect(hashEvent('f'.repeat(64), event)).not.toBe(hash);
        expect(
          hashEvent(event.metadata.prevHash, { ...event, metadata: { ...event.metadata, actor: 'x' } }),
        ).not.toBe(hash);
      });
    });

    describe('concurrency', () => {
      it('50 concurrent appends at the same expected revision: exactly one wins, none lost', async () => {
        await store.appendToStream(stream('race'), [anEvent()], { expectedRevision: 'no_stream' });
        const contenders = Array.from({ length: 50 }, (_, n) => anEvent('Contender', { n }));
        const outcomes = await Promise.allSettled(
          contenders.map((event) => store.appendToStream(stream('race'), [event], { expectedRevision: 0n })),
        );
        const winners = outcomes.flatMap((outcome, n) =>
          outcome.status === 'fulfilled' ? [contenders[n].id] : [],
        );
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
        }
        const events = await store.readStream(stream('race'));
        expect(events.map((event) => event.id)).toEqual([expect.any(String), winners[0]]);
        expect((await verifyStream(store, stream('race'))).ok).toBe(true);
      });

      it('concurrent appends to many streams are all acknowledged and all present', async () => {
        const events = Array.from({ length: 64 }, (_, n) => anEvent('Parallel', { n }));
        const results = await Promise.all(
          events.map((event, n) => store.appendToStream(stream(`p${n % 8}`), [event])),
        );
        const positions = results.map((result) => result.position);
        expect(new Set(positions).size).toBe(64);
        const firstPosition = positions.reduce((min, p) => (p < min ? p : min));
        const all = ours(await store.readAll({ fromPosition: firstPosition }));
        expect(new Set(all.map((event) => event.id))).toEqual(new Set(events.map((event) => event.id)));
        for (let n = 0; n < 8; n++) expect((await store.readStream(stream(`p${n}`))).length).toBe(8);
      });
    });
  });
}

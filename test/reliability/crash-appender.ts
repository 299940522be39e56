/**
 * Child process of the crash test: appends from several concurrent loops (so group commit is exercised) and
 * prints "<position> <eventId>" for each acknowledged event, until it is killed.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import { StreamNotFoundError } from '../../libs/event-store/src/errors';

const LOOPS = 8;

async function loop(store: SqliteEventStore, stream: string): Promise<never> {
  let revision: bigint | 'no_stream';
  try {
    [{ revision }] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
    revision = 'no_stream';
  }
  for (;;) {
    const events = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({
      id: randomUUID(),
      type: 'CrashTestEvent',
      data: { pid: process.pid, padding: 'x'.repeat(Math.floor(Math.random() * 2000)) },
    }));
    const result = await store.appendToStream(stream, events, { expectedRevision: revision });
    revision = result.nextExpectedRevision;
    const first = result.position - BigInt(events.length - 1);
    process.stdout.write(events.map((event, n) => `${first + BigInt(n)} ${event.id}\n`).join(''));
  }
}

const store = new SqliteEventStore(process.argv[2]);
process.stdout.write('ready\n');
for (let n = 0; n < LOOPS; n++) {
  loop(store, `crash-${n}`).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/**
 * The thread that owns the event store's writing connection (see `SqliteEventStore`): the fsync of each group
 * commit, and the sealing before it, happen here instead of on the event loop that serves requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FromWriter, SqliteWriter, toCrossing, ToWriter } from './sqlite-writer';

const writer = new SqliteWriter((workerData as { file: string }).file);
const port = parentPort!;
const reply = (message: FromWriter) => port.postMessage(message);

port.on('message', (message: ToWriter) => {
  if (message.kind === 'refuse') return writer.refuseAppendsTo(message.failure);
  if (message.kind === 'close') {
    writer.close();
    return port.close();
  }
  try {
    const outcomes = writer.write(message.batch, message.createdAt);
    reply({
      kind: 'written',
      outcomes: outcomes.map((outcome) =>
        outcome.ok ? outcome : { ok: false, error: toCrossing(outcome.error) },
      ),
    });
  } catch (error) {
    reply({ kind: 'failed', error: toCrossing(error) });
  }
});

import type { EventStore, RecordedEvent } from './event-store';
import { readAllInPages } from './read-all-pages';

/**
 * The audit export (`GET /audit/export`), one JSON value per line (NDJSON), in this order:
 * 1. the header: `{format, version, exportedAt, headPosition}`;
 * 2. every event up to `headPosition` in global order, with its `index` (its ordinal in `$all`, the Merkle leaf
 *    index of the ledger) and its metadata holding `prevHash` and `hash`;
 * 3. the trailer: `{count}`, the number of event lines;
 * 4. when the ledger has signed one within those events, `{checkpoint}`: the latest checkpoint as a C2SP signed
 *    note, whose root the events' hashes must give (export-verifier.ts checks it with the ledger's key).
 * Positions and revisions are decimal strings: they are 64-bit.
 */
export const EXPORT_FORMAT = 'connect-and-share-export';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  /** The last event's position, `-1` for an empty log: events appended while exporting are left out. */
  headPosition: string;
}

export interface ExportedEvent {
  index: number;
  position: string;
  stream: string;
  revision: string;
  id: string;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
}

export interface ExportTrailer {
  count: number;
}

export interface ExportCheckpoint {
  checkpoint: string;
}

/** An event as the audit routes and the export show it (no `createdAt`: the store's clock, not covered by the hash). */
export function exportedEvent(event: RecordedEvent): Omit<ExportedEvent, 'index'> {
  return {
    position: event.position.toString(),
    stream: event.stream,
    revision: event.revision.toString(),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
}

/**
 * The export's lines, each ending in a newline, produced as they are read: one page of the log in memory at a time,
 * so a caller writing them with backpressure never holds the whole log.
 */
export async function* exportLog(
  store: EventStore,
  exportedAt: Date,
  /** The latest signed checkpoint of at most `count` events, if any. */
  checkpointOf: (count: number) => string | undefined = () => undefined,
): AsyncGenerator<string> {
  const head = await store.headPosition();
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    headPosition: head.toString(),
  };
  yield `${JSON.stringify(header)}\n`;
  let index = 0;
  if (head >= 0n) {
    pages: for await (const page of readAllInPages(store)) {
      for (const event of page) {
        if (event.position > head) break pages;
        const line: ExportedEvent = { index, ...exportedEvent(event) };
        yield `${JSON.stringify(line)}\n`;
        index += 1;
      }
    }
  }
  const trailer: ExportTrailer = { count: index };
  yield `${JSON.stringify(trailer)}\n`;
  const checkpoint = checkpointOf(index);
  if (checkpoint) yield `${JSON.stringify({ checkpoint } satisfies ExportCheckpoint)}\n`;
}

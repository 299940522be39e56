import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  unwatchFile,
  watchFile,
  writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import { type EventStore, readAllInPages } from '@app/event-store';
import type { Projection } from './projection';
import { openReadModelFile, removeDatabase, saveCheckpoint } from './projection-runner';

/**
 * Which read-model file in DATA_DIR is live is named by a small pointer file, so a rebuild can build a fresh file
 * beside the live one and switch every process over by rewriting the pointer. (Renaming the new file over the old
 * one would not do: SQLite would pair it with the old file's WAL.)
 */
const POINTER = 'read-models.current';
const FIRST = 'read-models.sqlite';

export function currentReadModelFile(dataDir: string): string {
  try {
    const name = readFileSync(join(dataDir, POINTER), 'utf8').trim();
    return join(dataDir, name || FIRST);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return join(dataDir, FIRST);
    throw error;
  }
}

/** Makes `file` (in `dataDir`) the live read-model file, atomically and durably. */
export function pointReadModelsAt(dataDir: string, file: string): void {
  const temporary = join(dataDir, `${POINTER}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, `${basename(file)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, join(dataDir, POINTER));
  const dir = openSync(dataDir, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Calls `onChange` with the new live file whenever the pointer changes; returns a function that stops watching. */
export function watchReadModelPointer(
  dataDir: string,
  onChange: (file: string) => void,
  intervalMs = 500,
): () => void {
  const pointer = join(dataDir, POINTER);
  const listener = () => onChange(currentReadModelFile(dataDir));
  watchFile(pointer, { interval: intervalMs }, listener);
  return () => unwatchFile(pointer, listener);
}

export interface Rebuilt {
  file: string;
  /** The log position the new file includes. */
  position: bigint;
  events: number;
  seconds: number;
}

/**
 * Builds the read models afresh from the whole log into a new file beside the live one, up to the log's head when
 * it started, then points DATA_DIR at it. Processes serving from the old file switch over as they see the pointer
 * change and carry on from the new file's checkpoint, so no read is refused meanwhile. The log is read in pages and
 * applied in one transaction (`buildInBulk`).
 */
export async function rebuildReadModels(
  store: EventStore,
  dataDir: string,
  projections: Projection[],
  { pageSize = 1000, now = new Date() }: { pageSize?: number; now?: Date } = {},
): Promise<Rebuilt> {
  const file = join(dataDir, `read-models-${now.toISOString().replace(/[-:.]/g, '')}.sqlite`);
  const began = performance.now();
  const head = await store.headPosition();
  let events = 0;
  await buildInBulk(file, projections, async (db) => {
    let last: bigint | undefined;
    pages: for await (const page of readAllInPages(store, { pageSize })) {
      for (const event of page) {
        // Events appended since the rebuild began are left to the runners that carry on from the new file.
        if (event.position > head) break pages;
        for (const projection of projections) projection.apply(db, event);
        last = event.position;
        events += 1;
      }
    }
    if (last !== undefined) saveCheckpoint(db, last);
  });
  pointReadModelsAt(dataDir, file);
  return { file, position: head, events, seconds: (performance.now() - began) / 1000 };
}

/**
 * Makes the read-model `file` for `projections`, its views written by `fill` in one transaction. No other process
 * opens the file before it is built, so it is built as a bulk load: no journal (a failed build is deleted, never
 * resumed), the secondary indexes made once at the end rather than kept up row by row, and each projection's
 * `bulkBuild` around `fill`. The file is in WAL mode once built, as runners use it.
 */
export async function buildInBulk(
  file: string,
  projections: Projection[],
  fill: (db: Database.Database) => Promise<void>,
): Promise<void> {
  const db = openReadModelFile(file, projections);
  try {
    const bulk = projections.flatMap((projection) => (projection.bulkBuild ? [projection.bulkBuild] : []));
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec('BEGIN');
    for (const { name } of secondaryIndexes(db)) db.exec(`DROP INDEX "${name}"`);
    for (const { begin } of bulk) begin(db);
    await fill(db);
    for (const projection of projections) db.exec(projection.schema);
    for (const { end } of bulk) end(db);
    db.exec('COMMIT');
    db.pragma('journal_mode = WAL');
  } catch (error) {
    db.close();
    removeDatabase(file);
    throw error;
  }
  db.close();
}

/** The indexes the projections' schemas made (not those SQLite makes for keys), which their schemas make again. */
function secondaryIndexes(db: Database.Database): Array<{ name: string }> {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    .all() as Array<{ name: string }>;
}

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
import type { EventStore } from '@app/event-store';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/**
 * Which read-model file in DATA_DIR is live is named by a small pointer file, so a rebuild can build a fresh file
 * beside the live one and switch every process over by rewriting the pointer. (Renaming the new file over the old
 * one would not do: SQLite would pair it with the old file's WAL.)
 */
const POINTER = 'read-models.current';
const FIRST = 'read-models.sqlite';
/** Node's timers hold at most 2^31 - 1 ms (about 24 days): long enough for any rebuild. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

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
 * change and carry on from the new file's checkpoint, so no read is refused meanwhile.
 */
export async function rebuildReadModels(
  store: EventStore,
  dataDir: string,
  projections: Projection[],
  { batchSize = 5000, now = new Date() }: { batchSize?: number; now?: Date } = {},
): Promise<Rebuilt> {
  const file = join(dataDir, `read-models-${now.toISOString().replace(/[-:.]/g, '')}.sqlite`);
  const began = performance.now();
  const head = await store.headPosition();
  const runner = new ProjectionRunner(store, file, projections, { batchSize });
  let events = 0;
  try {
    const bulk = projections.flatMap((projection) => (projection.bulkBuild ? [projection.bulkBuild] : []));
    for (const { begin } of bulk) begin(runner.database);
    runner.start();
    if (head >= 0n && !(await runner.waitFor(head, LONGEST_TIMER_MS)))
      throw runner.failure ?? new Error('The rebuild stopped before reaching the head of the log');
    await runner.stop();
    if (runner.failure) throw runner.failure;
    runner.database.transaction(() => bulk.forEach(({ end }) => end(runner.database)))();
    events = runner.applied;
  } finally {
    await runner.close();
  }
  pointReadModelsAt(dataDir, file);
  return { file, position: head, events, seconds: (performance.now() - began) / 1000 };
}

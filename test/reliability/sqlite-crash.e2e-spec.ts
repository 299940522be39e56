import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore, verifyAll } from '@app/event-store';

const KILLS = 20;

/** Starts the appender and collects the events it reports as acknowledged, until it dies. */
function startAppender(file: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'crash-appender.ts'), file],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const acknowledged = new Map<bigint, string>();
  let onFirstAck: () => void;
  const firstAck = new Promise<void>((resolve) => (onFirstAck = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [position, id] = line.split(' ');
    if (!id) return; // "ready"
    acknowledged.set(BigInt(position), id);
    onFirstAck();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, acknowledged, firstAck, exited };
}

describe('SqliteEventStore under SIGKILL', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'cns-crash-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged event, an intact file and a verifying chain across ${KILLS} kills`, async () => {
    const file = join(dir, 'events.sqlite');
    const everAcknowledged = new Map<bigint, string>();

    for (let round = 0; round < KILLS; round++) {
      const appender = startAppender(file);
      await appender.firstAck;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 200));
      appender.child.kill('SIGKILL');
      expect(await appender.exited).toBe('SIGKILL');
      for (const [position, id] of appender.acknowledged) everAcknowledged.set(position, id);

      const store = new SqliteEventStore(file);
      try {
        expect(store.integrityCheck()).toBe('ok');
        const stored = new Map((await store.readAll()).map((event) => [event.position, event.id]));
        const missing = [...everAcknowledged].filter(([position, id]) => stored.get(position) !== id);
        expect({ round, missing }).toEqual({ round, missing: [] });
        const verification = await verifyAll(store);
        expect(verification).toMatchObject({ ok: true, eventsChecked: stored.size });
      } finally {
        await store.close();
      }
    }
    // The test is only meaningful if the appender got real work acknowledged before each kill.
    expect(everAcknowledged.size).toBeGreaterThan(KILLS);
  }, 180_000);
});

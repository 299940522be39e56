import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AllSubscription, EventStore, RecordedEvent } from '@app/event-store';

/**
 * Turns events into further commands (policies) from a checkpointed subscription to `$all`. The checkpoint is
 * saved after each handled event, so after a crash at most the last event is delivered again: handlers must be
 * idempotent (deciders refuse a decision already applied).
 */
export class Reactor {
  private readonly db: Database.Database;
  private subscription: AllSubscription | undefined;
  private running: Promise<void> | undefined;
  failure: Error | undefined;

  constructor(
    private readonly store: EventStore,
    file: string,
    readonly name: string,
    private readonly handle: (event: RecordedEvent) => Promise<void>,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS reactor_checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL) STRICT',
    );
  }

  private checkpoint(): bigint | undefined {
    const row = this.db.prepare('SELECT position FROM reactor_checkpoints WHERE name = ?').get(this.name) as
      { position: string } | undefined;
    return row ? BigInt(row.position) : undefined;
  }

  start(): void {
    if (this.running) return;
    this.subscription = this.store.subscribeToAll({ fromPosition: this.checkpoint() ?? 'start' });
    const save = this.db.prepare(
      'INSERT INTO reactor_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    const subscription = this.subscription;
    this.running = (async () => {
      for await (const event of subscription) {
        await this.handle(event);
        save.run(this.name, event.position.toString());
      }
    })().catch((error: Error) => {
      this.failure = error;
    });
  }

  async close(): Promise<void> {
    await this.subscription?.close();
    await this.running;
    if (this.db.open) this.db.close();
  }
}

import type Database from 'better-sqlite3';
import {
  CheckpointedConsumer,
  CheckpointedConsumerOptions,
  EventStore,
  openSqlite,
  RecordedEvent,
} from '@app/event-store';

/**
 * Turns events into further commands (policies) from a checkpointed subscription to `$all`. The checkpoint is
 * saved after each handled event, so after a crash, or a handler that failed and is retried, the last event is
 * delivered again: handlers must be idempotent (deciders refuse a decision already applied).
 */
export class Reactor extends CheckpointedConsumer {
  private readonly db: Database.Database;
  private readonly save: Database.Statement;

  constructor(
    store: EventStore,
    file: string,
    name: string,
    private readonly handle: (event: RecordedEvent) => Promise<void>,
    options: Pick<CheckpointedConsumerOptions, 'retry'> = {},
  ) {
    super(store, name, { ...options, batchSize: 1 });
    // A checkpoint lost to a power cut only replays events, which the policies' commands recognise as done.
    this.db = openSqlite(file, { durability: 'normal' });
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS reactor_checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL) STRICT',
    );
    this.save = this.db.prepare(
      'INSERT INTO reactor_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    const row = this.db.prepare('SELECT position FROM reactor_checkpoints WHERE name = ?').get(name) as
      { position: string } | undefined;
    this.checkpoint = row ? BigInt(row.position) : undefined;
  }

  protected async commit([event]: RecordedEvent[]): Promise<void> {
    await this.handle(event);
    this.save.run(this.name, event.position.toString());
  }

  async close(): Promise<void> {
    await this.stop();
    if (this.db.open) this.db.close();
  }
}

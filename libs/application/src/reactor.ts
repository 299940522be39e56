import type Database from 'better-sqlite3';
import {
  CheckpointedConsumer,
  CheckpointedConsumerOptions,
  EventStore,
  openSqlite,
  RecordedEvent,
} from '@app/event-store';

export interface ReactorOptions extends Pick<CheckpointedConsumerOptions, 'retry'> {
  /** Events handled before the checkpoint is saved; a handler that fails has the whole batch delivered again. */
  batchSize?: number;
  /** Runs after a batch's events were handled, before its checkpoint is saved: to flush what they buffered. */
  beforeCheckpoint?: () => Promise<void>;
}

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
    private readonly options: ReactorOptions = {},
  ) {
    super(store, name, { retry: options.retry, batchSize: options.batchSize ?? 1 });
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

  protected async commit(batch: RecordedEvent[]): Promise<void> {
    for (const event of batch) await this.handle(event);
    await this.options.beforeCheckpoint?.();
    this.save.run(this.name, batch[batch.length - 1].position.toString());
  }

  async close(): Promise<void> {
    await this.stop();
    if (this.db.open) this.db.close();
  }
}

import type Database from 'better-sqlite3';
import { openSqlite } from '@app/event-store';

export interface WebhookTarget {
  webhookId: string;
  networkId: string;
  url: string;
}

export interface NewDelivery {
  deliveryId: string;
  webhookId: string;
  networkId: string;
  eventId: string;
  type: string;
  /** The message as sent on every attempt. */
  body: string;
  createdAt: string;
}

export interface Attempt {
  at: string;
  /** The receiver's HTTP status; none when no answer came. */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryView {
  deliveryId: string;
  eventId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  createdAt: string;
  deliveredAt: string | null;
  lastStatus: number | null;
  nextAttemptAt: string | null;
  attempts: Attempt[];
}

/**
 * `DATA_DIR/deliveries.sqlite`: the webhooks deliveries go to (as the delivery reactor met them in the log, so a
 * webhook gets the events after its registration), the owner network of each practice, and every delivery with its
 * attempts, which `GET …/webhooks/{id}/deliveries` serves. Written by the process running the jobs, read by the API.
 */
export class SqliteWebhookDeliveryLog {
  private readonly db: Database.Database;
  private readonly statements: Record<string, Database.Statement>;

  constructor(file: string) {
    // `normal`: a process that crashes loses no commit; a power cut may lose the last ones, which at worst repeats
    // a delivery (at least once) or an attempt's record.
    this.db = openSqlite(file, { durability: 'normal' });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS webhooks (
        webhook_id TEXT PRIMARY KEY, network_id TEXT NOT NULL, url TEXT NOT NULL,
        registered_at INTEGER NOT NULL, deactivated_at INTEGER, failing_since TEXT,
        -- A JSON array of the types it receives; NULL for all.
        events TEXT
      ) STRICT;
      CREATE TABLE IF NOT EXISTS practice_networks (practice_id TEXT PRIMARY KEY, network_id TEXT NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS deliveries (
        delivery_id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, network_id TEXT NOT NULL, event_id TEXT NOT NULL,
        type TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,
        status TEXT NOT NULL, delivered_at TEXT, last_status INTEGER, next_attempt_at TEXT
      ) STRICT;
      CREATE INDEX IF NOT EXISTS deliveries_by_webhook ON deliveries (webhook_id, created_at);
      CREATE TABLE IF NOT EXISTS delivery_attempts (
        delivery_id TEXT NOT NULL, at TEXT NOT NULL, status INTEGER, error TEXT, duration_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS attempts_by_delivery ON delivery_attempts (delivery_id);
    `);
    const prepare = (sql: string) => this.db.prepare(sql);
    this.statements = {
      register: prepare(
        `INSERT INTO webhooks (webhook_id, network_id, url, registered_at, events) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      deactivate: prepare(
        `UPDATE webhooks SET deactivated_at = COALESCE(deactivated_at, ?) WHERE webhook_id = ?`,
      ),
      webhook: prepare(
        `SELECT webhook_id AS webhookId, network_id AS networkId, url, deactivated_at IS NULL AS active
         FROM webhooks WHERE webhook_id = ?`,
      ),
      targets: prepare(
        `SELECT webhook_id AS webhookId, network_id AS networkId, url FROM webhooks
         WHERE (@networkId IS NULL OR network_id = @networkId) AND registered_at < @position
           AND (deactivated_at IS NULL OR deactivated_at > @position)
           AND (events IS NULL OR EXISTS (SELECT 1 FROM json_each(events) WHERE value = @type))`,
      ),
      practice: prepare(
        `INSERT INTO practice_networks (practice_id, network_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
      ),
      networkOf: prepare(`SELECT network_id AS networkId FROM practice_networks WHERE practice_id = ?`),
      add: prepare(
        `INSERT INTO deliveries (delivery_id, webhook_id, network_id, event_id, type, body, created_at, status)
         VALUES (@deliveryId, @webhookId, @networkId, @eventId, @type, @body, @createdAt, 'pending')
         ON CONFLICT DO NOTHING`,
      ),
      delivery: prepare(
        `SELECT delivery_id AS deliveryId, webhook_id AS webhookId, network_id AS networkId, event_id AS eventId,
           type, body, created_at AS createdAt FROM deliveries WHERE delivery_id = ?`,
      ),
      attempt: prepare(
        `INSERT INTO delivery_attempts (delivery_id, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?)`,
      ),
      outcome: prepare(
        `UPDATE deliveries SET status = @status, last_status = @lastStatus, next_attempt_at = @nextAttemptAt,
           delivered_at = COALESCE(delivered_at, @deliveredAt) WHERE delivery_id = @deliveryId`,
      ),
      reopen: prepare(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = NULL WHERE delivery_id = ?`,
      ),
      cancel: prepare(
        `UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL WHERE delivery_id = ?`,
      ),
      succeeded: prepare(`UPDATE webhooks SET failing_since = NULL WHERE webhook_id = ?`),
      failed: prepare(
        `UPDATE webhooks SET failing_since = COALESCE(failing_since, ?) WHERE webhook_id = ? RETURNING failing_since`,
      ),
      list: prepare(
        `SELECT delivery_id AS deliveryId, event_id AS eventId, type, status, created_at AS createdAt,
           delivered_at AS deliveredAt, last_status AS lastStatus, next_attempt_at AS nextAttemptAt
         FROM deliveries WHERE webhook_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      ),
      attempts: prepare(
        `SELECT at, status, error, duration_ms AS durationMs FROM delivery_attempts WHERE delivery_id = ? ORDER BY rowid`,
      ),
    };
  }

  /** At `position` in the log: events after it are delivered to it. */
  registered(target: WebhookTarget & { events?: string[] }, position: bigint): void {
    const events = target.events ? JSON.stringify(target.events) : null;
    this.statements.register.run(target.webhookId, target.networkId, target.url, position, events);
  }

  /** Removed or disabled at `position`: no delivery is made to it of an event after it. */
  deactivated(webhookId: string, position: bigint): void {
    this.statements.deactivate.run(position, webhookId);
  }

  webhook(webhookId: string): (WebhookTarget & { active: boolean }) | undefined {
    const row = this.statements.webhook.get(webhookId) as (WebhookTarget & { active: number }) | undefined;
    return row && { ...row, active: row.active === 1 };
  }

  /**
   * The webhooks of `networkId` (or of every network) active at `position`: as it was then, so the log consumed
   * again gives every event the webhooks it had the first time.
   */
  targets(networkId: string | undefined, type: string, position: bigint): WebhookTarget[] {
    return this.statements.targets.all({ networkId: networkId ?? null, type, position }) as WebhookTarget[];
  }

  practiceSubmitted(practiceId: string, networkId: string): void {
    this.statements.practice.run(practiceId, networkId);
  }

  networkOf(practiceId: string): string | undefined {
    return (this.statements.networkOf.get(practiceId) as { networkId: string } | undefined)?.networkId;
  }

  add(delivery: NewDelivery): void {
    this.statements.add.run(delivery);
  }

  delivery(deliveryId: string): NewDelivery | undefined {
    return this.statements.delivery.get(deliveryId) as NewDelivery | undefined;
  }

  /** Sent again on request: pending until its new attempts end. */
  reopen(deliveryId: string): void {
    this.statements.reopen.run(deliveryId);
  }

  cancel(deliveryId: string): void {
    this.statements.cancel.run(deliveryId);
  }

  /**
   * Records an attempt and its outcome in one transaction, and keeps the webhook's `failing_since` (the first
   * failure since its last success), which it answers.
   */
  readonly recordAttempt = (
    delivery: Pick<NewDelivery, 'deliveryId' | 'webhookId'>,
    attempt: Attempt,
    { delivered, nextAttemptAt }: { delivered: boolean; nextAttemptAt: string | null },
  ): string | null => {
    return this.db.transaction(() => {
      const { deliveryId, webhookId } = delivery;
      this.statements.attempt.run(deliveryId, attempt.at, attempt.status, attempt.error, attempt.durationMs);
      this.statements.outcome.run({
        deliveryId,
        status: delivered ? 'delivered' : nextAttemptAt ? 'pending' : 'failed',
        lastStatus: attempt.status,
        nextAttemptAt,
        deliveredAt: delivered ? attempt.at : null,
      });
      if (delivered) {
        this.statements.succeeded.run(webhookId);
        return null;
      }
      const row = this.statements.failed.get(attempt.at, webhookId) as { failing_since: string } | undefined;
      return row?.failing_since ?? null;
    })();
  };

  /** The newest deliveries to a webhook first, each with its attempts. */
  deliveries(webhookId: string, limit = 100): DeliveryView[] {
    const rows = this.statements.list.all(webhookId, limit) as Array<Omit<DeliveryView, 'attempts'>>;
    return rows.map((row) => ({
      ...row,
      attempts: this.statements.attempts.all(row.deliveryId) as Attempt[],
    }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { seal, unseal } from '@app/application';
import { openSqlite } from '@app/event-store';

/**
 * A process keeps its pending claims alive every `keepAliveMs`; a pending claim not kept alive for `abandonedMs` was
 * left by a process that stopped mid-request (killed, crashed), and a retry may run the command again at once.
 */
export interface ClaimLiveness {
  keepAliveMs: number;
  abandonedMs: number;
}

const LIVENESS: ClaimLiveness = { keepAliveMs: 1_000, abandonedMs: 5_000 };

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
  /** The token the first request came with. */
  tokenId: string;
  /** The body holds a credential shown once (a token, a secret). */
  credential: boolean;
}

export type Claim = { kind: 'claimed' } | { kind: 'in-flight' } | ({ kind: 'stored' } & StoredResponse);

/**
 * First responses to writes that carried an Idempotency-Key, in `DATA_DIR/idempotency.sqlite`: every process on
 * one DATA_DIR shares them, so a retry reaching another replica is answered the same, and one claims a key before
 * running its command, so two replicas never run the same retry at once. A response can hold a token shown once,
 * so it is sealed under a key derived from the caller and their Idempotency-Key and found by a hash of the two:
 * the file alone reveals no token. Responses expire after the configured hours.
 */
export class StoredResponses {
  private readonly db: Database.Database;
  /** This process, as the owner of the claims it makes. */
  private readonly owner = randomUUID();
  private pending = 0;
  private readonly keepAlive: NodeJS.Timeout;
  private lastSweep = 0;

  constructor(
    dataDir: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly liveness = LIVENESS,
  ) {
    this.db = openSqlite(join(dataDir, 'idempotency.sqlite'), { durability: 'full' });
    this.db.exec(`CREATE TABLE IF NOT EXISTS stored_responses (
      key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, claimed_at INTEGER NOT NULL,
      status INTEGER, body TEXT, token_id TEXT NOT NULL, credential INTEGER NOT NULL DEFAULT 0) STRICT;
      CREATE INDEX IF NOT EXISTS stored_responses_age ON stored_responses (claimed_at);`);
    // Files made before claims had owners gain the columns (a pending claim there counts as abandoned).
    const columns = new Set(
      (this.db.prepare('PRAGMA table_info(stored_responses)').all() as { name: string }[]).map(
        ({ name }) => name,
      ),
    );
    if (!columns.has('owner'))
      this.db.exec(`ALTER TABLE stored_responses ADD COLUMN owner TEXT;
        ALTER TABLE stored_responses ADD COLUMN alive_at INTEGER NOT NULL DEFAULT 0;`);
    this.keepAlive = setInterval(() => this.keepClaimsAlive(), liveness.keepAliveMs).unref();
  }

  /** Claims `secret`'s key for this request, or says why not: a stored response, or another request running it. */
  claim(secret: string, requestHash: string, tokenId: string): Claim {
    const now = this.now();
    this.sweep(now);
    const key = hash(`index\n${secret}`);
    return this.db
      .transaction((): Claim => {
        const row = this.db
          .prepare(
            'SELECT request_hash, claimed_at, alive_at, status, body, token_id, credential FROM stored_responses WHERE key = ?',
          )
          .get(key) as
          | {
              request_hash: string;
              claimed_at: number;
              alive_at: number;
              status: number | null;
              body: string | null;
              token_id: string;
              credential: number;
            }
          | undefined;
        const expired = row && row.claimed_at <= now - this.ttlMs;
        const abandoned = row && row.status === null && row.alive_at <= now - this.liveness.abandonedMs;
        if (row && !expired && !abandoned) {
          if (row.status === null) return { kind: 'in-flight' };
          return {
            kind: 'stored',
            requestHash: row.request_hash,
            status: row.status,
            body: JSON.parse(openText(secret, row.body!)),
            tokenId: row.token_id,
            credential: row.credential === 1,
          };
        }
        this.db
          .prepare(
            `INSERT INTO stored_responses (key, request_hash, claimed_at, token_id, owner, alive_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET request_hash = excluded.request_hash, claimed_at = excluded.claimed_at,
             status = NULL, body = NULL, token_id = excluded.token_id, credential = 0, owner = excluded.owner,
             alive_at = excluded.alive_at`,
          )
          .run(key, requestHash, now, tokenId, this.owner, now);
        this.pending++;
        return { kind: 'claimed' };
      })
      .immediate();
  }

  /** Keeps the first response to a claimed key. */
  store(secret: string, status: number, body: unknown): void {
    this.pending--;
    this.db
      .prepare('UPDATE stored_responses SET status = ?, body = ?, credential = ? WHERE key = ?')
      .run(
        status,
        sealText(secret, JSON.stringify(body ?? null)),
        holdsCredential(body) ? 1 : 0,
        hash(`index\n${secret}`),
      );
  }

  /** Gives a claim up: the request failed, and a retry may run it again. */
  release(secret: string): void {
    this.pending--;
    this.db
      .prepare('DELETE FROM stored_responses WHERE key = ? AND status IS NULL')
      .run(hash(`index\n${secret}`));
  }

  close(): void {
    clearInterval(this.keepAlive);
    if (this.db.open) this.db.close();
  }

  /** Written only while this process has requests in flight, so an idle process writes nothing. */
  private keepClaimsAlive(): void {
    if (this.pending === 0 || !this.db.open) return;
    this.db
      .prepare('UPDATE stored_responses SET alive_at = ? WHERE owner = ? AND status IS NULL')
      .run(this.now(), this.owner);
  }

  /** Expired responses go, at most once a minute. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    this.db.prepare('DELETE FROM stored_responses WHERE claimed_at <= ?').run(now - this.ttlMs);
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function cipherKey(secret: string): Buffer {
  return createHash('sha256').update(`cipher\n${secret}`).digest();
}

/** Stored as base64 of iv, tag and ciphertext. */
function sealText(secret: string, plaintext: string): string {
  const { iv, tag, ciphertext } = seal(cipherKey(secret), Buffer.from(plaintext, 'utf8'));
  return Buffer.concat([iv, tag, ciphertext]).toString('base64');
}

function openText(secret: string, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  const parts = { iv: bytes.subarray(0, 12), tag: bytes.subarray(12, 28), ciphertext: bytes.subarray(28) };
  return unseal(cipherKey(secret), parts).toString('utf8');
}

/** Access tokens and webhook secrets are answered once, under these names. */
function holdsCredential(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  return Object.entries(body).some(
    ([name, value]) =>
      ((name === 'token' || name === 'secret') && typeof value === 'string') || holdsCredential(value),
  );
}

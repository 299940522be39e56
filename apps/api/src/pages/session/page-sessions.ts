import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { Clock } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import { openSqlite } from '@app/event-store';

/** A browser's session: its CSRF token, and the access token it signed in with (its SHA-256), if it did. */
export interface PageSession {
  /** SHA-256 of the cookie's value: the file alone opens no session. */
  key: string;
  csrfToken: string;
  tokenHash: string | null;
  expiresAt: number;
}

/** The cookie's value: 256 random bits. */
export const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

const keyOf = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/**
 * Sessions of the pages in `DATA_DIR/sessions.sqlite`, so replicas on one DATA_DIR share them. A table of our own
 * rather than express-session: a session here is three columns checked against the identity view on every
 * request (a revoked token ends it), and better-sqlite3 already opens every file the service keeps.
 */
@Injectable()
export class PageSessions implements OnModuleDestroy {
  private readonly db: Database.Database;
  private readonly ttlMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.ttlMs = config.sessionHours * 3_600_000;
    this.db = openSqlite(join(config.dataDir, 'sessions.sqlite'), { durability: 'normal' });
    this.db.exec(`CREATE TABLE IF NOT EXISTS page_sessions (
      key TEXT PRIMARY KEY, csrf_token TEXT NOT NULL, token_hash TEXT, expires_at INTEGER NOT NULL) STRICT;
      CREATE INDEX IF NOT EXISTS page_sessions_expiry ON page_sessions (expires_at);`);
  }

  /** The live session a cookie's value names. */
  find(sessionId: string): PageSession | undefined {
    const row = this.db
      .prepare(
        'SELECT key, csrf_token, token_hash, expires_at FROM page_sessions WHERE key = ? AND expires_at > ?',
      )
      .get(keyOf(sessionId), this.clock.now().getTime()) as
      { key: string; csrf_token: string; token_hash: string | null; expires_at: number } | undefined;
    return (
      row && { key: row.key, csrfToken: row.csrf_token, tokenHash: row.token_hash, expiresAt: row.expires_at }
    );
  }

  /**
   * A new session, signed in with a token (its hash) or anonymous (for the CSRF token of a public form). It ends
   * after the configured hours; a signed-in one also with its token (checked on each request). Expired sessions are
   * swept meanwhile.
   */
  start(tokenHash?: string): { sessionId: string; session: PageSession } {
    const now = this.clock.now().getTime();
    const sessionId = randomBytes(32).toString('base64url');
    const session: PageSession = {
      key: keyOf(sessionId),
      csrfToken: randomBytes(32).toString('base64url'),
      tokenHash: tokenHash ?? null,
      expiresAt: now + this.ttlMs,
    };
    this.db.prepare('DELETE FROM page_sessions WHERE expires_at <= ?').run(now);
    this.db
      .prepare('INSERT INTO page_sessions (key, csrf_token, token_hash, expires_at) VALUES (?, ?, ?, ?)')
      .run(session.key, session.csrfToken, session.tokenHash, session.expiresAt);
    return { sessionId, session };
  }

  end(session: PageSession): void {
    this.db.prepare('DELETE FROM page_sessions WHERE key = ?').run(session.key);
  }

  onModuleDestroy(): void {
    this.db.close();
  }
}

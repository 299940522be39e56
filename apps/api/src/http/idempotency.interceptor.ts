import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  OnApplicationShutdown,
  UnprocessableEntityException,
  ConflictException,
} from '@nestjs/common';
import Database from 'better-sqlite3';
import type { Request, Response } from 'express';
import { Observable, of, tap } from 'rxjs';
import stringify from 'safe-stable-stringify';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock } from '@app/application';
import type { ResolvedActor } from '@app/read-models';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * `Idempotency-Key` on every write: the first response to a key is kept, and a retry with the same key and body
 * gets it again without running the command; the same key with another body is refused. Keys are per caller.
 * Responses are kept per process in DATA_DIR, so with several API replicas a retry must reach the same replica.
 * A first response can hold a token shown once, so it is stored encrypted under a key derived from the caller and
 * their Idempotency-Key, and found by a hash of the two: the file alone reveals no token.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnApplicationShutdown {
  private readonly db: Database.Database;
  private readonly inFlight = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    mkdirSync(config.dataDir, { recursive: true });
    this.db = new Database(join(config.dataDir, 'idempotency.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS responses (
      key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL) STRICT`);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { actor?: ResolvedActor }>();
    const header = request.headers['idempotency-key'];
    if (!WRITES.has(request.method) || typeof header !== 'string' || !request.actor) return next.handle();

    const secret = `${request.actor.personId}\n${header}`;
    const key = sha256(`index\n${secret}`).toString('hex');
    const cipherKey = sha256(`cipher\n${secret}`);
    // Raw bodies (attachments, up to 20 MB) are hashed as bytes: as JSON they would be arrays of numbers.
    const body: unknown = Buffer.isBuffer(request.body)
      ? { bytes: createHash('sha256').update(request.body).digest('hex') }
      : (request.body ?? null);
    const requestHash = createHash('sha256')
      .update(stringify({ method: request.method, path: request.path, body }) ?? '')
      .digest('hex');
    const stored = this.db
      .prepare('SELECT request_hash, status, body FROM responses WHERE key = ?')
      .get(key) as { request_hash: string; status: number; body: string } | undefined;
    if (stored) {
      if (stored.request_hash !== requestHash) {
        throw new UnprocessableEntityException('This Idempotency-Key was used for a different request');
      }
      http.getResponse<Response>().status(stored.status).setHeader('Idempotent-Replayed', 'true');
      return of(JSON.parse(open(cipherKey, stored.body)));
    }
    if (this.inFlight.has(key))
      throw new ConflictException('A request with this Idempotency-Key is still being processed');
    this.inFlight.add(key);
    return next.handle().pipe(
      tap({
        next: (body) => {
          const status = http.getResponse<Response>().statusCode;
          this.db
            .prepare(
              'INSERT INTO responses (key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?)',
            )
            .run(
              key,
              requestHash,
              status,
              seal(cipherKey, JSON.stringify(body ?? null)),
              this.clock.now().toISOString(),
            );
        },
        finalize: () => this.inFlight.delete(key),
      }),
    );
  }

  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** AES-256-GCM, stored as base64 of iv, tag and ciphertext. */
function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

function open(key: Buffer, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

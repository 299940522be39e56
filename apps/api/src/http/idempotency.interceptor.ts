import { createHash } from 'node:crypto';
import {
  CallHandler,
  ConflictException,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  OnApplicationShutdown,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { finalize, Observable, of, tap } from 'rxjs';
import stringify from 'safe-stable-stringify';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock } from '@app/application';
import { CredentialShownOnce } from '@app/domain';
import type { ResolvedActor } from '@app/read-models';
import { StoredResponses } from './stored-responses';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * `Idempotency-Key` on every write: the first response to a key is kept, and a retry with the same key, route and
 * body gets it again without running the command; the same key with another route or body is refused. Keys are per
 * caller. A response that holds a credential is replayed only to the token that made the first request, so a
 * credential never reaches a caller whose token was revoked since. Even without a stored response (expired), the
 * command's ids derive from the key (`commandMetaOf`), so a late retry creates nothing new.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnApplicationShutdown {
  private readonly responses: StoredResponses;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.responses = new StoredResponses(config.dataDir, config.idempotencyTtlHours * 3_600_000, () =>
      this.clock.now().getTime(),
    );
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { actor?: ResolvedActor }>();
    const header = request.headers['idempotency-key'];
    const actor = request.actor;
    if (!WRITES.has(request.method) || typeof header !== 'string' || !actor) return next.handle();

    const secret = `${actor.personId}\n${header}`;
    // An upload's body stands here as its hash and size (UploadGuard has streamed the bytes to the blob store).
    const body: unknown = request.body ?? null;
    const requestHash = createHash('sha256')
      .update(stringify({ method: request.method, path: request.path, body }) ?? '')
      .digest('hex');
    const claim = this.responses.claim(secret, requestHash, actor.tokenId);
    if (claim.kind === 'in-flight')
      throw new ConflictException('A request with this Idempotency-Key is still being processed');
    if (claim.kind === 'stored') {
      if (claim.requestHash !== requestHash)
        throw new UnprocessableEntityException('This Idempotency-Key was used for a different request');
      if (claim.credential && claim.tokenId !== actor.tokenId)
        throw new CredentialShownOnce(
          'The first response to this request held a credential; it is shown again only to the token that asked',
        );
      http.getResponse<Response>().status(claim.status).setHeader('Idempotent-Replayed', 'true');
      return of(claim.body);
    }
    let answered = false;
    return next.handle().pipe(
      tap((answer) => {
        this.responses.store(secret, http.getResponse<Response>().statusCode, answer);
        answered = true;
      }),
      // Failed (or ended without an answer): the claim goes, and a retry may run the command again.
      finalize(() => answered || this.responses.release(secret)),
    );
  }

  onApplicationShutdown(): void {
    this.responses.close();
  }
}

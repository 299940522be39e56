import { createHash } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';

/**
 * Who a request counts against: the bearer token (hashed, so raw tokens never sit in memory as keys) when there is
 * one, so members behind one office's address do not share a limit; otherwise the client's address.
 */
export function rateLimitTracker(request: Request): string {
  const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  return bearer ? `token:${createHash('sha256').update(bearer).digest('hex')}` : `ip:${request.ip}`;
}

/**
 * Request rates, limited per caller for every route but the health check; over the limit is a 429 problem with
 * `Retry-After`. Counts are kept in this process, so each API replica limits on its own.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }],
        getTracker: (request) => rateLimitTracker(request as Request),
        // One budget per caller across all routes (the library's default key is per route).
        generateKey: (_context, tracker, name) => `${name}:${tracker}`,
        skipIf: (context) => context.switchToHttp().getRequest<Request>().path === '/health',
      }),
    }),
  ],
  // Registered before the bearer guard (module order), so floods without a valid token are limited too.
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class RateLimitModule {}

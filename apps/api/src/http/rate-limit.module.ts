import { createHash } from 'node:crypto';
import { ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { normalizeIp, ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { bearerTokenOf } from '@app/infrastructure';
import { IS_PUBLIC } from '../identity/bearer-auth.guard';
import { IdentityModule } from '../identity/identity.module';
import { IdentityService } from '../identity/identity.service';
import { HitLogStorage } from './hit-log-storage';
import { RateLimitGuard } from './rate-limit.guard';
import { RouteMetadata } from './route-metadata';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Addresses as `addressOf` normalised them: normalising took 2.5% of a public GET's processor time, and peers repeat. */
const addresses = new Map<string, string>();

/**
 * The address a request comes from. Express trusts no X-Forwarded-For unless `trust proxy` is set, so this is the
 * peer's address; IPv6 addresses count by their /64, which one host can rotate through freely.
 */
export function addressOf(request: Request): string {
  const ip = request.ip ?? '';
  let address = addresses.get(ip);
  if (address === undefined) {
    if (addresses.size >= 10_000) addresses.clear();
    addresses.set(ip, (address = `address:${normalizeIp(ip)}`));
  }
  return address;
}

/**
 * Who a request counts against: the holder of a token known to be valid, however many tokens they hold;
 * otherwise the address, so rotating made-up tokens buys nothing. The lookup does not wait for the views: a token
 * issued a moment ago counts against the address until they include it.
 */
export function callerOf(identity: IdentityService): (request: Request) => string {
  return (request) => {
    const token = bearerTokenOf(request);
    const actor = token ? identity.lookUp(token, request) : undefined;
    return actor ? `person:${actor.personId}` : addressOf(request);
  };
}

/** Writes that the public may make without a token: each can cost a mail or a credential, so they have budgets. */
function isPublicWrite(context: ExecutionContext, reflector: RouteMetadata): boolean {
  const { method } = context.switchToHttp().getRequest<Request>();
  return (
    !['GET', 'HEAD', 'OPTIONS'].includes(method) &&
    reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true
  );
}

/**
 * The address a public write would mail (a sign-up names it as `email`), lower-cased as subscriber ids are, and
 * hashed so that the counters hold no addresses.
 */
function recipientOf(request: Request): string | undefined {
  const email: unknown = (request.body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string') return undefined;
  return `recipient:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
}

/**
 * Request rates, limited per caller for every route but the health check, and tighter budgets for public writes:
 * per address, and for sign-ups also per address and per e-mail address mailed (no mail bombing). Over any limit
 * is a 429 problem with `Retry-After`, before the route runs: nothing is written and no mail is sent. Counts are kept
 * in this process, so each API replica limits on its own.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [IdentityModule],
      inject: [APP_CONFIG, IdentityService, RouteMetadata],
      useFactory: (config: AppConfig, identity: IdentityService, reflector: RouteMetadata) => {
        const publicWrite = (context: ExecutionContext) => isPublicWrite(context, reflector);
        const signUp = (context: ExecutionContext) =>
          publicWrite(context) && recipientOf(context.switchToHttp().getRequest<Request>()) !== undefined;
        const byAddress = (request: Record<string, unknown>) => addressOf(request as unknown as Request);
        const byCaller = callerOf(identity);
        return {
          storage: new HitLogStorage(),
          throttlers: [
            { name: 'default', ttl: MINUTE, limit: config.rateLimitPerMinute },
            {
              name: 'public-writes',
              ttl: HOUR,
              limit: config.publicWritesPerHour,
              skipIf: (context) => !publicWrite(context),
              getTracker: byAddress,
              setHeaders: false,
            },
            {
              name: 'sign-ups',
              ttl: HOUR,
              limit: config.signUpsPerHour,
              skipIf: (context) => !signUp(context),
              getTracker: byAddress,
              setHeaders: false,
            },
            {
              name: 'sign-ups-per-email',
              ttl: DAY,
              limit: config.signUpsPerEmailPerDay,
              skipIf: (context) => !signUp(context),
              getTracker: (request) => recipientOf(request as unknown as Request)!,
              setHeaders: false,
            },
          ],
          getTracker: (request) => byCaller(request as unknown as Request),
          // One budget per caller across all routes (the library's default key is per route).
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
          skipIf: (context) => context.switchToHttp().getRequest<Request>().path === '/health',
        };
      },
    }),
    IdentityModule,
  ],
  // Registered before the bearer guard (module order), so floods without a valid token are limited too.
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}

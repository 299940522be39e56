import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a hit answers (the library's index does not export the type). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One caller's hits under one limit: when each expires (in the order they were made), and any block. */
interface HitLog {
  expiries: number[];
  /** The index of the first hit not yet expired: expired ones are skipped, not filtered out, each request. */
  first: number;
  /** When the window reported as `X-RateLimit-Reset` ends; a new one starts at the first hit after it. */
  windowEnd: number;
  blockedUntil: number;
}

const SWEEP_MS = 60_000;

/**
 * The throttler's counts in this process, as @nestjs/throttler's own storage keeps them (every hit within the last
 * `ttl`; over the limit, blocked for `blockDuration`, and the hits forgotten when the block ends) at a constant cost
 * per request: the library's filters every hit of the window on each request and spreads them into `Math.min`, so a
 * request costs more the higher the limit (and a window of ~120,000 hits throws). Hits expire in the order they were
 * made, so expired ones are only ever at the front.
 */
export class HitLogStorage implements ThrottlerStorage {
  private readonly logs = new Map<string, HitLog>();
  private lastSweep: number;

  /** `now`: the time in milliseconds, as `Date.now` tells it (the throttler's own storage uses that too). */
  constructor(private readonly now: () => number = Date.now) {
    this.lastSweep = now();
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    if (now - this.lastSweep >= SWEEP_MS) this.sweep(now);
    const id = `${throttlerName}\n${key}`;
    let log = this.logs.get(id);
    if (!log) this.logs.set(id, (log = { expiries: [], first: 0, windowEnd: now + ttl, blockedUntil: 0 }));
    if (log.blockedUntil !== 0 && log.blockedUntil <= now) {
      log.expiries = [];
      log.first = 0;
      log.blockedUntil = 0;
    }
    expire(log, now);
    if (log.windowEnd <= now) log.windowEnd = now + ttl;
    if (log.blockedUntil === 0) {
      log.expiries.push(now + ttl);
      if (log.expiries.length - log.first > limit) log.blockedUntil = now + blockDuration;
    }
    return {
      totalHits: log.expiries.length - log.first,
      timeToExpire: Math.ceil((log.windowEnd - now) / 1000),
      isBlocked: log.blockedUntil !== 0,
      timeToBlockExpire: log.blockedUntil === 0 ? 0 : Math.ceil((log.blockedUntil - now) / 1000),
    };
  }

  /** Callers with no hit left and no block are forgotten, at most once a minute: addresses cannot grow the map. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [id, log] of this.logs) {
      expire(log, now);
      if (log.first === log.expiries.length && log.blockedUntil <= now && log.windowEnd <= now)
        this.logs.delete(id);
    }
  }
}

function expire(log: HitLog, now: number): void {
  while (log.first < log.expiries.length && log.expiries[log.first] <= now) log.first++;
  // The skipped front is dropped once it is most of the array, which keeps both the cost and the memory bounded.
  if (log.first > 64 && log.first * 2 > log.expiries.length) {
    log.expiries = log.expiries.slice(log.first);
    log.first = 0;
  }
}

import { randomUUID } from 'node:crypto';
import type { ResolvedActor } from '@app/read-models';

/**
 * A command's id: the caller's Idempotency-Key, scoped to the caller so that two callers' keys never meet, or a
 * new one. Its events' ids derive from it, so even a retry that misses the stored response (IdempotencyInterceptor)
 * re-appends the same event ids when it reaches the store at the same revision.
 */
export function commandIdFor(actor: ResolvedActor, key: string | undefined): string {
  return key ? `${actor.personId}:${key}` : randomUUID();
}

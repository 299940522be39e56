import { randomUUID } from 'node:crypto';
import type { ResolvedActor } from '@app/read-models';

/**
 * A command's id: the caller's Idempotency-Key, scoped to the caller so that two callers' keys never meet, or a
 * new one. (Replaying the first response to a retried key is not built yet: a retry is decided again.)
 */
export function commandIdFor(actor: ResolvedActor, key: string | undefined): string {
  return key ? `${actor.personId}:${key}` : randomUUID();
}

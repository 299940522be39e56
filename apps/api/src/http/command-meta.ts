import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { CommandMeta, uuidFrom } from '@app/application';
import type { ResolvedActor } from '@app/read-models';

/** A command's metadata as HTTP gives it, with the ids the command creates. */
export interface HttpCommandMeta extends CommandMeta {
  /**
   * The id of a `kind` of object this request creates. With an Idempotency-Key it derives from the caller, the route
   * and the key, so a retry (after a timeout, from another process, after the stored response expired) names the
   * same object and cannot create a second one.
   */
  idFor(kind: string): string;
}

/**
 * The caller's Idempotency-Key, scoped to the caller and the route so that two callers' keys, or one caller's key on
 * two routes, never meet. The public has no identity to scope a key to: its commands get new ids and are
 * idempotent by their rules instead.
 */
export function commandMetaOf(request: Request & { actor?: ResolvedActor }): HttpCommandMeta {
  const actor = request.actor;
  const key = request.headers['idempotency-key'];
  const scope =
    actor && typeof key === 'string'
      ? `${actor.personId}\n${request.method} ${request.path}\n${key}`
      : undefined;
  return {
    commandId: scope ? uuidFrom(`command\n${scope}`) : randomUUID(),
    issuedBy: actor && { personId: actor.personId, networkId: actor.networkId },
    idFor: (kind) => (scope ? uuidFrom(`${kind}\n${scope}`) : randomUUID()),
  };
}

/** `@Meta() meta`: the metadata of the command this request sends. */
export const Meta = createParamDecorator((_: unknown, context: ExecutionContext) =>
  commandMetaOf(context.switchToHttp().getRequest()),
);

import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { BlobStore, BlobTooLarge, StagedBlob, StreamFacts } from '@app/application';
import { NotAllowed } from '@app/domain';
import type { ResolvedActor } from '@app/read-models';
import { MAX_ATTACHMENT_BYTES } from '../practices/practices.dto';
import { filenameFrom } from './upload-filename';
import { MAX_UPLOADS_IN_FLIGHT, UploadSlots } from './upload-slots';

/** An upload whose bytes have arrived: staged, hashed and counted, not yet stored. */
export interface ReceivedUpload {
  name: string;
  staged: StagedBlob;
}

type UploadRequest = Request & { actor?: ResolvedActor; upload?: ReceivedUpload };

/** The upload the guard received for this request. */
export const Upload = createParamDecorator(
  (_: unknown, context: ExecutionContext): ReceivedUpload =>
    context.switchToHttp().getRequest<UploadRequest>().upload!,
);

/** Shaped as body-parser's own limit error, which the problem filter answers with 413 body-too-large. */
class BodyTooLarge extends Error {
  readonly status = 413;
  readonly type = 'entity.too.large';
}

/** How long a caller refused for having too many uploads in flight is asked to wait. */
const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * Receives an upload's bytes only once the caller is known (the bearer guard runs first) and may upload: a
 * contributor of an active network, with a valid file name and a free slot. The bytes are streamed to the blob
 * store's staging area, hashed as they arrive, and refused (413) as soon as they pass the limit, so an upload never
 * sits in memory. It runs as a guard so that the bytes' address is known before the idempotency interceptor
 * compares a retry with the first request.
 */
@Injectable()
export class UploadGuard implements CanActivate {
  constructor(
    private readonly facts: StreamFacts,
    private readonly blobs: BlobStore,
    private readonly slots: UploadSlots,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<UploadRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const actor = request.actor!;
    // As the practice rules see the actor: roles and standing from their network's stream.
    const member = (await this.facts.actor(actor))!;
    if (!member.roles.includes('contributor'))
      throw new NotAllowed('Only contributors can upload attachments');
    if (!member.networkActive) throw new NotAllowed('A suspended or departed network cannot act');
    const name = filenameFrom(request.headers['x-filename']);
    if (Number(request.headers['content-length']) > MAX_ATTACHMENT_BYTES)
      throw new BodyTooLarge('The request body is too large');
    if (!this.slots.take(actor.personId, response)) {
      response.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
      throw new ThrottlerException(`At most ${MAX_UPLOADS_IN_FLIGHT} uploads at a time`);
    }
    // A body the JSON parser took (application/json) has ended already: it stages as no bytes.
    const staged = await this.blobs
      .stage(request.iterator({ destroyOnReturn: false }), MAX_ATTACHMENT_BYTES)
      .catch((error: unknown) => {
        throw error instanceof BlobTooLarge ? new BodyTooLarge('The request body is too large') : error;
      });
    // The route discards what it does not keep; a replayed retry never reaches it, so the answer going out (or the
    // connection closing first) does too. A discard that fails leaves the bytes to the sweep.
    for (const end of ['finish', 'close'])
      response.once(end, () => void staged.discard().catch(() => undefined));
    request.upload = { name, staged };
    // What the idempotency interceptor compares a retry by: the bytes' address, not the bytes.
    request.body = { sha256: staged.sha256, size: staged.size };
    return true;
  }
}

import { Controller, Get, Header, Headers, Param, Post, Req, StreamableFile } from '@nestjs/common';
import type { Request } from 'express';
import { BlobStore, StreamFacts } from '@app/application';
import { NotAllowed, NotFound, RuleBroken } from '@app/domain';
import type { ResolvedActor } from '@app/read-models';
import { CurrentActor } from '../identity/bearer-auth.guard';
import { FieldError, ValidationFailed } from '../http/problem-details';
import { BlobAddressDto } from './attachments.dto';
import { extensionOf, sniffMediaType } from './sniff-media-type';

const MAX_FILENAME_LENGTH = 255;

/** X-Filename as a file's name alone: UTF-8, bounded, no path, and no control or invisible formatting characters. */
function filenameFrom(header: string | undefined): string {
  // Node reads header bytes as latin1; clients send names as UTF-8 bytes.
  const name = Buffer.from(header ?? '', 'latin1').toString('utf8');
  const failures: Array<[rule: string, message: string, failed: boolean]> = [
    ['isNotEmpty', 'X-Filename is required: the name of the file', name === ''],
    ['isUtf8', 'X-Filename must be UTF-8', name.includes('\uFFFD')],
    [
      'maxLength',
      `X-Filename must be at most ${MAX_FILENAME_LENGTH} characters`,
      [...name].length > MAX_FILENAME_LENGTH,
    ],
    [
      'isFilename',
      'X-Filename must be a file name: no path separators, no control or formatting characters',
      /[/\\]|^\.\.?$|[\p{Cc}\p{Cf}]/u.test(name),
    ],
  ];
  const errors: FieldError[] = failures
    .filter(([, , failed]) => failed)
    .map(([rule, message]) => ({ field: 'X-Filename', rule, message }));
  if (errors.length > 0) throw new ValidationFailed(errors);
  return name;
}

/**
 * Attachment bytes in and out of the blob store. An upload is not an event (bytes are not domain facts): the
 * submission that references the blob is.
 */
@Controller('attachments')
export class AttachmentsController {
  constructor(
    private readonly blobs: BlobStore,
    private readonly facts: StreamFacts,
  ) {}

  /** The answer is the attachment as a submission references it, so it can be passed on as it is. */
  @Post()
  async upload(
    @CurrentActor() actor: ResolvedActor,
    @Headers('content-type') contentType: string | undefined,
    @Headers('x-filename') filename: string | undefined,
    @Req() request: Request,
  ) {
    // As the practice rules see the actor: roles and standing from their network's stream.
    const member = (await this.facts.actor(actor))!;
    if (!member.roles.includes('contributor'))
      throw new NotAllowed('Only contributors can upload attachments');
    if (!member.networkActive) throw new NotAllowed('A suspended or departed network cannot act');
    const name = filenameFrom(filename);
    // No body, or one the JSON parser took (application/json): neither is an attachment of an allowed type.
    const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const mediaType = await sniffMediaType(bytes, contentType);
    const stored = await this.blobs.put(bytes, mediaType);
    // Legacy Office files are typed by their declaration: the same bytes cannot be declared as two kinds.
    if (stored.mediaType !== mediaType) {
      throw new RuleBroken(
        'media-type-matches',
        `These bytes are already stored as ${stored.mediaType}; declare that type`,
      );
    }
    return { sha256: stored.sha256, name, mediaType, size: stored.size };
  }

  @Get(':sha256')
  @Header('X-Content-Type-Options', 'nosniff')
  async download(@Param() { sha256 }: BlobAddressDto): Promise<StreamableFile> {
    const found = await this.blobs.get(sha256);
    if (!found) throw new NotFound(`No attachment ${sha256} is stored`);
    const { mediaType, size } = found.blob;
    // Always a download, never rendered inline: the bytes come from members, not from the service.
    return new StreamableFile(found.bytes, {
      type: mediaType,
      length: size,
      disposition: `attachment; filename="${sha256}.${extensionOf(mediaType)}"`,
    });
  }
}

import {
  Controller,
  Get,
  Header,
  Headers,
  Param,
  Post,
  Req,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import type { Request } from 'express';
import { BlobStore } from '@app/application';
import { NotFound, RuleBroken } from '@app/domain';
import { isPublishedAttachment, ProjectionRunner } from '@app/read-models';
import { BearerAuthGuard, Public } from '../identity/bearer-auth.guard';
import { BlobAddressDto } from './attachments.dto';
import { extensionOf, sniffMediaType } from './sniff-media-type';
import { ReceivedUpload, Upload, UploadGuard } from './upload.guard';

/**
 * Attachment bytes in and out of the blob store. An upload is not an event (bytes are not domain facts): the
 * submission that references the blob is.
 */
@Controller('attachments')
export class AttachmentsController {
  constructor(
    private readonly blobs: BlobStore,
    private readonly runner: ProjectionRunner,
    private readonly auth: BearerAuthGuard,
  ) {}

  /** The answer is the attachment as a submission references it, so it can be passed on as it is. */
  @Post()
  @UseGuards(UploadGuard)
  async upload(
    @Headers('content-type') contentType: string | undefined,
    @Upload() { name, staged }: ReceivedUpload,
  ) {
    try {
      const mediaType = await sniffMediaType(staged, contentType);
      const stored = await staged.keep(mediaType);
      // Legacy Office files are typed by their declaration: the same bytes cannot be declared as two kinds.
      if (stored.mediaType !== mediaType) {
        throw new RuleBroken(
          'media-type-matches',
          `These bytes are already stored as ${stored.mediaType}; declare that type`,
        );
      }
      return { sha256: stored.sha256, name, mediaType, size: stored.size };
    } finally {
      // Refused bytes go before the answer does (kept ones are no longer staged).
      await staged.discard();
    }
  }

  /**
   * Attachments of published material are open data (the DCAT catalogue's `downloadURL`): anyone may download them.
   * Any other stored blob is for members, as before; the public learns no more than 401 about it.
   */
  @Get(':sha256')
  @Public()
  @Header('X-Content-Type-Options', 'nosniff')
  async download(@Param() { sha256 }: BlobAddressDto, @Req() request: Request): Promise<StreamableFile> {
    if (!isPublishedAttachment(this.runner.database, sha256)) await this.auth.authenticate(request);
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

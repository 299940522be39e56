import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { IdentityModule } from '../identity/identity.module';
import { AttachmentsController } from './attachments.controller';
import { UnreferencedBlobSweeper } from './unreferenced-blob-sweeper';
import { UploadGuard } from './upload.guard';
import { UploadSlots } from './upload-slots';

/** Time for a request's headers to arrive. */
export const HEADERS_TIMEOUT_MS = 20_000;
/** Time for a whole request to arrive: the longest is a 20 MB upload, which this allows at about 1.5 Mbit/s. */
export const REQUEST_TIMEOUT_MS = 120_000;

/**
 * Uploads are read from the request stream by the route's guard, once the caller is known (no body parser runs
 * for them: the app's own takes only JSON).
 */
@Module({
  imports: [IdentityModule],
  controllers: [AttachmentsController],
  providers: [UploadGuard, UploadSlots, UnreferencedBlobSweeper],
})
export class AttachmentsModule implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * Node's request time limits (300 s for a request by default), set on the server every start-up shares (main and
   * the tests create it in different places), here where the longest request bodies are taken. Past them Node
   * answers 408 and closes the connection, and the upload's staged bytes are removed.
   */
  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.headersTimeout = HEADERS_TIMEOUT_MS;
    server.requestTimeout = REQUEST_TIMEOUT_MS;
  }
}

import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { raw } from 'express';
import { MAX_ATTACHMENT_BYTES } from '../practices/practices.dto';
import { AttachmentsController } from './attachments.controller';

@Module({
  controllers: [AttachmentsController],
})
export class AttachmentsModule implements NestModule {
  /**
   * Uploads are raw bytes of any declared type (the app's own parser takes only JSON). Over the limit, body-parser
   * fails with `entity.too.large`, which the problem filter answers with 413.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(raw({ type: () => true, limit: MAX_ATTACHMENT_BYTES }))
      .forRoutes({ path: 'attachments', method: RequestMethod.POST });
  }
}

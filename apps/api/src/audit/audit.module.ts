import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditorGuard } from './auditor.guard';
import { CatalogueAsOf } from './catalogue-as-of.service';

@Module({
  controllers: [AuditController],
  providers: [AuditorGuard, CatalogueAsOf],
})
export class AuditModule {}

import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { AuditController } from './audit.controller';
import { AuditorGuard } from './auditor.guard';
import { AuditExport } from './audit-export.service';
import { CatalogueAsOf } from './catalogue-as-of.service';

@Module({
  imports: [LedgerModule],
  controllers: [AuditController],
  providers: [AuditorGuard, CatalogueAsOf, AuditExport],
})
export class AuditModule {}

import { Module } from '@nestjs/common';
import { AuditExport } from '../../audit/audit-export.service';
import { CatalogueAsOf } from '../../audit/catalogue-as-of.service';
import { LedgerModule } from '../../ledger/ledger.module';
import { AuditPage } from './audit.page';

@Module({
  imports: [LedgerModule],
  controllers: [AuditPage],
  providers: [CatalogueAsOf, AuditExport],
})
export class AuditPageModule {}

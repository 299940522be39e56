import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { AuditController } from './audit.controller';
import { AuditorGuard } from './auditor.guard';
import { CatalogueAsOf } from './catalogue-as-of.service';

@Module({
  imports: [LedgerModule],
  controllers: [AuditController],
  providers: [AuditorGuard, CatalogueAsOf],
})
export class AuditModule {}

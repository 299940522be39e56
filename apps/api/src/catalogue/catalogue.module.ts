import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { CatalogueController } from './catalogue.controller';
import { CatalogueView } from './catalogue-view.service';
import { FundingBands } from './funding-bands.service';

@Module({
  imports: [LedgerModule],
  controllers: [CatalogueController],
  providers: [CatalogueView, FundingBands],
  exports: [CatalogueView, FundingBands],
})
export class CatalogueModule {}

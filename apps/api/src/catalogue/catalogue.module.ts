import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { CatalogueController } from './catalogue.controller';
import { CatalogueFeedsController } from './catalogue-feeds.controller';
import { CatalogueFeeds } from './catalogue-feeds.service';
import { CatalogueView } from './catalogue-view.service';
import { FundingBands } from './funding-bands.service';

@Module({
  imports: [LedgerModule],
  controllers: [CatalogueController, CatalogueFeedsController],
  providers: [CatalogueView, CatalogueFeeds, FundingBands],
})
export class CatalogueModule {}

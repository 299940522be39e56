import { Module } from '@nestjs/common';
import { CatalogueModule } from './catalogue.module';
import { CatalogueFeedsController } from './catalogue-feeds.controller';
import { CatalogueFeeds } from './catalogue-feeds.service';

/** The open data at the site's root, outside `/api/v1` (not among the API's modules in `AppModule`). */
@Module({
  imports: [CatalogueModule],
  controllers: [CatalogueFeedsController],
  providers: [CatalogueFeeds],
})
export class CatalogueFeedsModule {}

import { Controller, Get, Header, Query } from '@nestjs/common';
import { Public } from '../identity/bearer-auth.guard';
import { MinPositionDto } from '../http/min-position.dto';
import { CatalogueFeeds } from './catalogue-feeds.service';
import { CatalogueView } from './catalogue-view.service';

/** The catalogue's feed and open data, at the site's root (outside `/api/v1`: `CatalogueFeedsModule`). */
@Public()
@Controller()
export class CatalogueFeedsController {
  constructor(
    private readonly catalogue: CatalogueView,
    private readonly feeds: CatalogueFeeds,
  ) {}

  @Get('catalogue.atom')
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  async atom(@Query() { minPosition }: MinPositionDto) {
    await this.catalogue.caughtUpWith(minPosition);
    return this.feeds.atom();
  }

  @Get('catalogue.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@Query() { minPosition }: MinPositionDto) {
    await this.catalogue.caughtUpWith(minPosition);
    return this.feeds.csv();
  }

  @Get('catalogue.jsonld')
  @Header('Content-Type', 'application/ld+json; charset=utf-8')
  async jsonLd(@Query() { minPosition }: MinPositionDto) {
    await this.catalogue.caughtUpWith(minPosition);
    return this.feeds.jsonLd();
  }
}

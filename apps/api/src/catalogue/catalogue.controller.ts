import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { Public } from '../identity/bearer-auth.guard';
import { MinPositionDto } from '../http/min-position.dto';
import { CatalogueQueryDto } from './catalogue.dto';
import { CatalogueView } from './catalogue-view.service';

/** The public catalogue's JSON: search with facets, and one published item. */
@Public()
@Controller('catalogue')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueView) {}

  @Get()
  async search(@Query() query: CatalogueQueryDto) {
    await this.catalogue.caughtUpWith(query.minPosition);
    return this.catalogue.search(query);
  }

  @Get(':practiceId')
  async item(
    @Param('practiceId', ParseUUIDPipe) practiceId: string,
    @Query() { minPosition }: MinPositionDto,
  ) {
    await this.catalogue.caughtUpWith(minPosition);
    return this.catalogue.item(practiceId);
  }
}

import { Get, Param, ParseUUIDPipe, Render } from '@nestjs/common';
import { NotFound } from '@app/domain';
import { AuthorityRegister } from '@app/reference-data';
import { CatalogueView } from '../../catalogue/catalogue-view.service';
import { FundingBands } from '../../catalogue/funding-bands.service';
import { PageController } from '../page-controller';
import { renderMarkdown } from '../markdown';
import { CataloguePageQueryDto, SearchQuery } from './catalogue-page.dto';
import { PAGE_SIZE, searchPage } from './search-page';

/** Rendered bodies kept (a version's content never changes); the oldest go first. */
const RENDERED_BODIES = 1000;

/** How many of an authority's items its page lists; the rest are a search away. */
const AUTHORITY_ITEMS = 10;

const notInCatalogue = () => new NotFound('No such practice in the catalogue');

/** The public catalogue as pages: search, an item, an authority. The same view as `GET /api/v1/catalogue`. */
@PageController()
export class CataloguePages {
  constructor(
    private readonly catalogue: CatalogueView,
    private readonly register: AuthorityRegister,
    private readonly bands: FundingBands,
  ) {}

  /** Markdown and sanitising cost a millisecond a body (bench:pages): each version's is rendered once. */
  private readonly bodies = new Map<string, string>();

  private bodyHtml(practiceId: string, version: number, body: string): string {
    const key = `${practiceId}@${version}`;
    let html = this.bodies.get(key);
    if (html === undefined) {
      html = renderMarkdown(body);
      if (this.bodies.size >= RENDERED_BODIES) this.bodies.delete(this.bodies.keys().next().value!);
      this.bodies.set(key, html);
    }
    return html;
  }

  @Get()
  @Render('catalogue/search')
  search(@SearchQuery() query: CataloguePageQueryDto) {
    return searchPage(query, this.catalogue.search({ ...query, pageSize: PAGE_SIZE }));
  }

  @Get('practices/:practiceId')
  @Render('catalogue/item')
  async item(
    @Param('practiceId', new ParseUUIDPipe({ exceptionFactory: notInCatalogue })) practiceId: string,
  ) {
    const item = await this.catalogue.item(practiceId);
    return { title: item.title, item, bodyHtml: this.bodyHtml(practiceId, item.version, item.body) };
  }

  @Get('authorities/:code')
  @Render('catalogue/authority')
  authority(@Param('code') code: string) {
    const authority = this.register.get(code);
    if (!authority) throw new NotFound('No such authority in the register');
    const combined = authority.combinedAuthority ? this.register.get(authority.combinedAuthority) : undefined;
    return {
      title: authority.name,
      authority,
      combinedAuthority: combined,
      taxYears: this.register.file.taxYears,
      source: this.register.file.title,
      fundingBand: this.bands.bandOf(code),
      material: this.catalogue.search({ authority: code, page: 1, pageSize: AUTHORITY_ITEMS }),
    };
  }
}

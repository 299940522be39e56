import { Injectable } from '@nestjs/common';
import { Clock, FORGOTTEN, PersonalData, SealedPersonal } from '@app/application';
import { NotFound, PracticePersonal } from '@app/domain';
import {
  matchExpression,
  practicesOfRelatedAuthorities,
  ProjectionRunner,
  publishedPractice,
  searchCatalogue,
  themeLabel,
  UnansweredSearches,
} from '@app/read-models';
import { AuthorityRegister, DISCLAIMER } from '@app/reference-data';
import type { CatalogueQueryDto } from './catalogue.dto';
import { FundingBands } from './funding-bands.service';

/** How many practices of similarly funded authorities an item view suggests. */
const SIMILAR = 5;

/** `GET /catalogue` and `GET /catalogue/{id}`: the public catalogue from the read model, for anyone. */
@Injectable()
export class CatalogueView {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly register: AuthorityRegister,
    private readonly bands: FundingBands,
    private readonly personalData: PersonalData,
    private readonly searches: UnansweredSearches,
    private readonly clock: Clock,
  ) {}

  /**
   * Read-your-writes on public routes too: the bearer guard waits for `minPosition` only on members' routes, so
   * public reads wait here (up to the runner's 5 s) before looking.
   */
  async caughtUpWith(minPosition: string | undefined): Promise<void> {
    if (minPosition !== undefined) await this.runner.waitFor(BigInt(minPosition));
  }

  /** One page of results; a search for words that found nothing is counted for the Steering Group. */
  search(query: CatalogueQueryDto) {
    const page = searchCatalogue(this.runner.database, query, (code) => this.authorityName(code));
    if (page.total === 0 && matchExpression(query.q)) this.searches.record(query.q!, this.clock.now());
    return page;
  }

  /** The published version with its contact (the only personal data the catalogue shows), history and disclaimer. */
  async item(practiceId: string) {
    // Both reads before the first await: a rebuild may swap (and close) the database meanwhile.
    const db = this.runner.database;
    const found = publishedPractice(db, practiceId);
    if (!found) throw new NotFound('No such practice in the catalogue');
    const similar = practicesOfRelatedAuthorities(
      db,
      practiceId,
      (authorities) => this.bands.sharingBands(authorities),
      SIMILAR,
    );
    const { content, sealedContact, networkName, ...facts } = found;
    const personal = await this.personalData.open<PracticePersonal>(sealedContact as SealedPersonal);
    return {
      ...facts,
      network: { networkId: found.networkId, name: networkName },
      title: content.title,
      summary: content.summary,
      body: content.body,
      themes: content.themes.map((code) => ({ code, label: themeLabel(code) })),
      // The band explains `similarAuthorities`: null for an authority funded through others (no figure of its own).
      authorities: content.authorities.map((code) => ({
        code,
        name: this.authorityName(code),
        fundingBand: this.bands.bandOf(code) ?? null,
      })),
      links: content.links,
      attachments: content.attachments,
      ...(content.savings ? { savings: content.savings } : {}),
      contact: 'contact' in personal ? personal.contact : FORGOTTEN,
      disclaimer: DISCLAIMER,
      similarAuthorities: similar,
    };
  }

  private authorityName(code: string): string {
    return this.register.get(code)?.name ?? code;
  }
}

import { Injectable } from '@nestjs/common';
import { Clock, FORGOTTEN, PersonalData, SealedPersonal } from '@app/application';
import { NotFound, PracticePersonal } from '@app/domain';
import {
  CataloguePage,
  CatalogueQuery,
  matchExpression,
  practicesOfRelatedAuthorities,
  ProjectionRunner,
  publishedPractice,
  searchCatalogue,
  themeLabel,
  UnansweredSearches,
} from '@app/read-models';
import { AuthorityRegister, DISCLAIMER } from '@app/reference-data';
import { LedgerTree } from '../ledger/ledger-tree';
import { FundingBands } from './funding-bands.service';

/** How many practices of similarly funded authorities an item view suggests. */
const SIMILAR = 5;
/** Result pages kept for the current log position; the oldest go first. */
const CACHED_PAGES = 1000;

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
    private readonly ledger: LedgerTree,
  ) {}

  private pages: { at: string; byQuery: Map<string, CataloguePage> } = { at: '', byQuery: new Map() };

  /**
   * Read-your-writes on public routes too: the bearer guard waits for `minPosition` only on members' routes, so
   * public reads wait here (up to the runner's 5 s) before looking.
   */
  async caughtUpWith(minPosition: string | undefined): Promise<void> {
    if (minPosition !== undefined) await this.runner.waitFor(BigInt(minPosition));
  }

  /**
   * One page of results; a search for words that found nothing is counted for the Steering Group. Pages are kept
   * while the views stay at one log position (the catalogue changes rarely, and popular searches repeat): counting
   * the facets of a common word's thousands of matches is the dear part of a search.
   */
  search(query: CatalogueQuery & { minPosition?: string }) {
    const { minPosition: _minPosition, ...asked } = query;
    const at = `${this.runner.file}@${this.runner.position}`;
    if (this.pages.at !== at) this.pages = { at, byQuery: new Map() };
    const key = JSON.stringify(asked, Object.keys(asked).sort());
    let page = this.pages.byQuery.get(key);
    if (!page) {
      page = searchCatalogue(this.runner.database, asked, (code) => this.authorityName(code));
      if (this.pages.byQuery.size >= CACHED_PAGES)
        this.pages.byQuery.delete(this.pages.byQuery.keys().next().value!);
      this.pages.byQuery.set(key, page);
    }
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
    const { content, sealedContact, networkName, decision, publishedPosition, ...facts } = found;
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
      decision: decision && { ...decision, publication: this.publication(publishedPosition) },
    };
  }

  /**
   * The publishing event in the ledger: its index, and where to ask for its inclusion in the latest checkpoint that
   * holds it (null until a checkpoint does).
   */
  private publication(position: string | null) {
    const index = position === null ? undefined : this.ledger.indexOf(BigInt(position));
    if (index === undefined) return null;
    const checkpoint = this.ledger.latest;
    const proven = checkpoint && index < checkpoint.treeSize;
    return {
      position,
      index,
      inclusionProof: proven
        ? `/api/v1/ledger/proofs/inclusion?index=${index}&treeSize=${checkpoint.treeSize}`
        : null,
    };
  }

  private authorityName(code: string): string {
    return this.register.get(code)?.name ?? code;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { Feed } from 'feed';
import { Clock } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import { escapeHtml, listPublished, ProjectionRunner, PublishedPractice, themeLabel } from '@app/read-models';
import { DISCLAIMER } from '@app/reference-data';

/** How many of the newest publications the Atom feed carries. */
const FEED_ENTRIES = 50;
const TITLE = 'Connect & Share practice catalogue';
const DESCRIPTION = 'Highways practice material shared by the enrolled networks of Connect & Share.';

/** Characters XML 1.0 does not allow, even escaped: a feed with one would not parse. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** Text for the feed's `type="html"` fields: markup shown as text, and only characters XML allows. */
const feedHtml = (text: string) => escapeHtml(text.replace(NOT_XML, ''));

/** The catalogue as open data: an Atom feed, CSV and a DCAT-AP catalogue in JSON-LD. None holds personal data. */
@Injectable()
export class CatalogueFeeds {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The public page of a practice, and its JSON. */
  private pageOf(practiceId: string): string {
    return `${this.config.publicUrl}/practices/${practiceId}`;
  }
  private apiOf(practiceId: string): string {
    return `${this.config.publicUrl}/api/v1/catalogue/${practiceId}`;
  }

  /**
   * The newest publications. An entry's id is its JSON resource (stable, and where programs read it), its link the
   * page people read; `updated` is when its current version was published, `published` when it first was.
   */
  atom(): string {
    const items = listPublished(this.runner.database, FEED_ENTRIES);
    const feed = new Feed({
      title: TITLE,
      description: DESCRIPTION,
      id: `${this.config.publicUrl}/catalogue.atom`,
      link: `${this.config.publicUrl}/`,
      feedLinks: { atom: `${this.config.publicUrl}/catalogue.atom` },
      // An empty feed still needs a time: now is when it was last known to be empty.
      updated: new Date(items[0]?.publishedAt ?? this.clock.now()),
      copyright: DISCLAIMER,
    });
    for (const item of items)
      feed.addItem({
        id: this.apiOf(item.practiceId),
        link: this.pageOf(item.practiceId),
        title: feedHtml(item.content.title),
        description: feedHtml(item.content.summary),
        date: new Date(item.publishedAt),
        published: new Date(item.firstPublishedAt),
        author: [{ name: item.networkName.replace(NOT_XML, '') }],
        category: item.content.themes.map((code) => ({ term: code, name: themeLabel(code) })),
      });
    return feed.atom1();
  }

  /** One row per listed practice, lists joined with `;`; cells that spreadsheets would run as formulas are escaped. */
  csv(): string {
    const rows = listPublished(this.runner.database).map((item) => ({
      practiceId: item.practiceId,
      version: item.version,
      title: item.content.title,
      summary: item.content.summary,
      themes: item.content.themes.join(';'),
      authorities: item.content.authorities.join(';'),
      networkId: item.networkId,
      network: item.networkName,
      region: item.region ?? '',
      publishedAt: item.publishedAt,
      firstPublishedAt: item.firstPublishedAt,
      savingsPerYear: item.content.savings?.amountPerYear ?? '',
      links: item.content.links.join(';'),
      landingPage: this.pageOf(item.practiceId),
    }));
    return stringify(rows, {
      // Named columns, so that an empty catalogue still has its header line.
      header: true,
      columns: CSV_COLUMNS,
      record_delimiter: 'windows',
      // Rows end in CRLF, but spreadsheets also end a row at a lone CR or LF: a field holding one is quoted.
      quoted_match: /[\r\n]/,
      escape_formulas: true,
    });
  }

  /** A DCAT-AP catalogue: each practice a dataset, published by its network, its attachments its distributions. */
  jsonLd() {
    const base = this.config.publicUrl;
    return {
      '@context': {
        dcat: 'http://www.w3.org/ns/dcat#',
        dct: 'http://purl.org/dc/terms/',
        foaf: 'http://xmlns.com/foaf/0.1/',
        vcard: 'http://www.w3.org/2006/vcard/ns#',
        owl: 'http://www.w3.org/2002/07/owl#',
        xsd: 'http://www.w3.org/2001/XMLSchema#',
      },
      '@id': `${base}/catalogue.jsonld`,
      '@type': 'dcat:Catalog',
      'dct:title': TITLE,
      'dct:description': DESCRIPTION,
      'dct:rights': DISCLAIMER,
      'foaf:homepage': { '@id': `${base}/` },
      'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': 'Connect & Share' },
      'dcat:dataset': listPublished(this.runner.database).map((item) => this.dataset(item)),
    };
  }

  private dataset(item: PublishedPractice) {
    return {
      '@id': this.pageOf(item.practiceId),
      '@type': 'dcat:Dataset',
      'dct:identifier': item.practiceId,
      'dct:title': item.content.title,
      'dct:description': item.content.summary,
      'dcat:keyword': item.content.themes.map(themeLabel),
      'dct:issued': { '@value': item.firstPublishedAt, '@type': 'xsd:dateTime' },
      'dct:modified': { '@value': item.publishedAt, '@type': 'xsd:dateTime' },
      'owl:versionInfo': String(item.version),
      'dct:publisher': {
        '@type': 'foaf:Organization',
        'dct:identifier': item.networkId,
        'foaf:name': item.networkName,
      },
      // The network, not a person: the catalogue's open data carries no personal data.
      'dcat:contactPoint': { '@type': 'vcard:Organization', 'vcard:fn': item.networkName },
      'dcat:landingPage': { '@id': this.pageOf(item.practiceId) },
      'dcat:distribution': item.content.attachments.map((attachment) => ({
        '@type': 'dcat:Distribution',
        'dct:title': attachment.name,
        'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${attachment.mediaType}` },
        'dcat:byteSize': { '@value': String(attachment.size), '@type': 'xsd:nonNegativeInteger' },
        'dcat:downloadURL': { '@id': `${this.config.publicUrl}/api/v1/attachments/${attachment.sha256}` },
      })),
    };
  }
}

const CSV_COLUMNS = [
  'practiceId',
  'version',
  'title',
  'summary',
  'themes',
  'authorities',
  'networkId',
  'network',
  'region',
  'publishedAt',
  'firstPublishedAt',
  'savingsPerYear',
  'links',
  'landingPage',
];

import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { Clock, fundingOf, progressReportFromLog } from '@app/application';
import { type Funding, NotFound, periodSpan, type ProgressReport } from '@app/domain';
import { EventStore, StreamNotFoundError } from '@app/event-store';
import { AuthorityRegister } from '@app/reference-data';

/** A report as served: the one issued for a closed quarter, or figures built on demand until it is. */
export type ProgressReportAnswer = ProgressReport &
  ({ status: 'issued'; issuedAt: string; position: string } | { status: 'provisional'; asOf: string });

/**
 * The quarterly progress report. A Steering Group quotes an issued report: once the quarter has closed and the
 * report is issued (`IssueProgressReport`, by the quarterly job), it is served exactly as recorded. Before that,
 * for the quarter under way or a closed one not yet issued, the same figures are built from the log as it stands
 * and marked provisional. A quarter that has not begun has no report.
 */
@Injectable()
export class ProgressReports {
  private readonly funding: Funding;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    register: AuthorityRegister,
  ) {
    this.funding = fundingOf(register);
  }

  async report(quarter: string): Promise<ProgressReportAnswer> {
    const issued = await this.issued(quarter);
    if (issued) return issued;
    const now = this.clock.now().toISOString();
    if (now < periodSpan(quarter)!.from) throw new NotFound(`Quarter ${quarter} has not begun`);
    const report = await progressReportFromLog(this.store, quarter, this.funding, now);
    return { status: 'provisional', asOf: now, ...report };
  }

  private async issued(quarter: string): Promise<ProgressReportAnswer | undefined> {
    const reports = await this.store.readStream('reports').catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    });
    const event = reports.find(
      ({ type, data }) =>
        type === 'ProgressReportIssued' && (data as { quarter: string }).quarter === quarter,
    );
    if (!event) return undefined;
    const { report } = event.data as { report: ProgressReport };
    return {
      status: 'issued',
      issuedAt: event.metadata.occurredAt as string,
      position: event.position.toString(),
      ...report,
    };
  }
}

const CSV_COLUMNS = ['quarter', 'status', 'section', 'subject', 'measure', 'value'];

/**
 * The report as one long table, a row per figure (section, subject, measure, value), for spreadsheets; lists are
 * joined with `;`. Cells that spreadsheets would run as formulas are escaped, as in the catalogue's CSV.
 */
export function progressReportCsv(answer: ProgressReportAnswer): string {
  const rows: Array<[string, string, string, string | number | boolean | null]> = [];
  for (const { networkId, ...figures } of answer.networks)
    for (const [measure, value] of Object.entries(figures)) rows.push(['network', networkId, measure, value]);
  for (const [measure, value] of Object.entries(answer.totals)) rows.push(['totals', 'all', measure, value]);
  for (const [measure, value] of Object.entries(answer.reviewTimes))
    rows.push(['review-times', 'all', measure, value]);
  if (answer.priorities) {
    const { period, counted, covered, total, themes } = answer.priorities;
    for (const [measure, value] of Object.entries({ period, counted, covered, total }))
      rows.push(['priorities', 'all', measure, value]);
    for (const { theme, published } of themes) rows.push(['priorities', theme, 'published', published]);
  }
  const { contributingNetworks, authorities, annualFunding, fundingShare } = answer.reach;
  rows.push(
    ['reach', 'all', 'contributingNetworks', contributingNetworks.join(';')],
    ['reach', 'all', 'authorities', authorities.join(';')],
    ['reach', 'all', 'annualFundingRepresented', annualFunding.represented],
    ['reach', 'all', 'annualFundingRegister', annualFunding.register],
    ['reach', 'all', 'fundingShare', fundingShare],
    ['regular-updates', 'all', 'updateIntervalDays', answer.regularUpdates.updateIntervalDays],
  );
  for (const { networkId, lastSubmissionAt, flagged } of answer.regularUpdates.networks)
    rows.push(
      ['regular-updates', networkId, 'lastSubmissionAt', lastSubmissionAt],
      ['regular-updates', networkId, 'flagged', flagged],
    );
  for (const { motionId, kind, carriedAt } of answer.motionsCarried)
    rows.push(
      ['motions-carried', motionId, 'kind', kind],
      ['motions-carried', motionId, 'carriedAt', carriedAt],
    );
  return stringify(
    rows.map(([section, subject, measure, value]) => [
      answer.quarter,
      answer.status,
      section,
      subject,
      measure,
      value ?? '',
    ]),
    {
      header: true,
      columns: CSV_COLUMNS,
      record_delimiter: 'windows',
      quoted_match: /[\r\n]/,
      escape_formulas: true,
      cast: { boolean: (value) => String(value) },
    },
  );
}

import { Get, Header, Query, Render, UseGuards } from '@nestjs/common';
import { Clock } from '@app/application';
import { lastClosedQuarter, periodSpan, quarterOf } from '@app/domain';
import { progressReportCsv, ProgressReports } from '../../reports/progress-reports.service';
import { PageController, SignedIn } from '../page-controller';
import { ProgressReportPageQueryDto } from './progress-report-page.dto';
import { progressTables } from './progress-tables';

/** How many quarters the page offers, the one under way included. */
const QUARTERS_OFFERED = 8;

/** The quarter before `quarter`. */
const previous = (quarter: string) => lastClosedQuarter(new Date(periodSpan(quarter)!.from));

/** The quarterly progress report for members: the same report as `GET /api/v1/reports/progress`, as tables. */
@PageController('reports')
export class ProgressReportPage {
  constructor(
    private readonly reports: ProgressReports,
    private readonly clock: Clock,
  ) {}

  /** The last closed quarter unless another is chosen: the one a Steering Group meeting would discuss. */
  @Get('progress')
  @UseGuards(SignedIn)
  @Render('reports/progress')
  async progress(@Query() { quarter: asked }: ProgressReportPageQueryDto) {
    const now = this.clock.now();
    const quarter = asked ?? lastClosedQuarter(now);
    const report = await this.reports.report(quarter);
    const offered = [quarterOf(now)];
    while (offered.length < QUARTERS_OFFERED) offered.push(previous(offered[offered.length - 1]));
    if (!offered.includes(quarter)) offered.push(quarter);
    return {
      title: `Progress report, ${quarter}`,
      report,
      // `to` is the next quarter's first moment.
      lastDay: new Date(Date.parse(report.to) - 1),
      quarterItems: offered.map((value) => ({ value, text: value, selected: value === quarter })),
      csvHref: `/reports/progress.csv?quarter=${quarter}`,
      apiCsvHref: `/api/v1/reports/progress.csv?quarter=${quarter}`,
      tables: progressTables(report),
    };
  }

  /** The API's CSV for the signed-in member, whose browser has a session rather than a bearer token. */
  @Get('progress.csv')
  @UseGuards(SignedIn)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async progressCsv(@Query() { quarter }: ProgressReportPageQueryDto) {
    const answer = await this.reports.report(quarter ?? lastClosedQuarter(this.clock.now()));
    return progressReportCsv(answer);
  }
}

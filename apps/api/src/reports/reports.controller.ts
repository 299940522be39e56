import { Controller, Get, Header, Query } from '@nestjs/common';
import { ProgressReportQueryDto } from './reports.dto';
import { progressReportCsv, ProgressReports } from './progress-reports.service';

/** The quarterly progress report for members, as JSON and as CSV (the page is `/reports/progress`). */
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ProgressReports) {}

  @Get('progress')
  progress(@Query() { quarter }: ProgressReportQueryDto) {
    return this.reports.report(quarter);
  }

  @Get('progress.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async progressCsv(@Query() { quarter }: ProgressReportQueryDto) {
    return progressReportCsv(await this.reports.report(quarter));
  }
}

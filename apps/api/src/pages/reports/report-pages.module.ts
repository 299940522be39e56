import { Module } from '@nestjs/common';
import { ReportsModule } from '../../reports/reports.module';
import { ProgressReportPage } from './progress-report.page';

@Module({
  imports: [ReportsModule],
  controllers: [ProgressReportPage],
})
export class ReportPagesModule {}

import { Module } from '@nestjs/common';
import { ProgressReports } from './progress-reports.service';
import { ReportsController } from './reports.controller';

@Module({
  controllers: [ReportsController],
  providers: [ProgressReports],
  // For the page /reports/progress.
  exports: [ProgressReports],
})
export class ReportsModule {}

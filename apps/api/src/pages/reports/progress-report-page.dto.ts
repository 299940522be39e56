import { IsOptional, Matches } from 'class-validator';
import { QUARTER } from '@app/domain';

/** The report page's quarter: the API's, but optional (the last closed quarter by default). */
export class ProgressReportPageQueryDto {
  @IsOptional()
  @Matches(QUARTER, { message: 'quarter must be a calendar quarter such as 2026-Q4' })
  quarter?: string;
}

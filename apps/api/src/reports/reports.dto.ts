import { Matches } from 'class-validator';
import { QUARTER } from '@app/domain';
import { MinPositionDto } from '../http/min-position.dto';

export class ProgressReportQueryDto extends MinPositionDto {
  @Matches(QUARTER, { message: 'quarter must be a calendar quarter such as 2026-Q4' }) quarter!: string;
}

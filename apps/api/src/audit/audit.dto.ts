import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { CatalogueQueryDto } from '../catalogue/catalogue.dto';
import { MinPositionDto } from '../http/min-position.dto';

/** Most events one page of `/audit/events` or `/audit/streams/{stream}` holds. */
export const AUDIT_PAGE_LIMIT = 1000;

const POSITION = /^\d{1,19}$/;

/** `GET /audit/events`: a page of `$all` from a position (inclusive). */
export class AuditEventsQueryDto extends MinPositionDto {
  @IsOptional()
  @Matches(POSITION, { message: 'fromPosition must be a log position (a whole number)' })
  fromPosition?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_LIMIT)
  limit: number = 100;
}

/** `GET /audit/streams/{stream}`: a page of one stream from a revision (inclusive). */
export class AuditStreamQueryDto extends MinPositionDto {
  @IsOptional()
  @Matches(POSITION, { message: 'fromRevision must be a stream revision (a whole number)' })
  fromRevision?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_LIMIT)
  limit: number = AUDIT_PAGE_LIMIT;
}

/** `GET /audit/catalogue`: the live catalogue's search, asked of the log as it stood at a position or a time. */
export class AuditCatalogueQueryDto extends CatalogueQueryDto {
  /** The last position included (events at or before it). */
  @ValidateIf((query: AuditCatalogueQueryDto) => query.asOfTime === undefined)
  @Matches(POSITION, { message: 'give asOfPosition (a log position) or asOfTime' })
  asOfPosition?: string;

  /** Events whose `metadata.occurredAt` is at or before this time. */
  @ValidateIf((query: AuditCatalogueQueryDto) => query.asOfPosition === undefined)
  @IsISO8601({ strict: true }, { message: 'give asOfTime (an ISO 8601 time) or asOfPosition' })
  asOfTime?: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CATALOGUE_SORTS, type CatalogueSort } from '@app/read-models';
import { THEMES } from '@app/reference-data';
import { MinPositionDto } from '../http/min-position.dto';

/** Network ids and authority codes are lowercase slugs. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `GET /catalogue`: words to search for, one value per facet, a sort and a bounded page. */
export class CatalogueQueryDto extends MinPositionDto {
  /** Words, each matched as a prefix; punctuation and search operators are ignored. */
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @IsIn(THEMES.map((theme) => theme.code)) theme?: string;
  @IsOptional() @IsString() @Matches(SLUG) @MaxLength(64) network?: string;
  @IsOptional() @IsString() @Matches(SLUG) @MaxLength(100) authority?: string;
  @IsOptional() @IsString() @MaxLength(100) region?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1900) @Max(9999) year?: number;
  /** Default: `relevance` when `q` has words, else `newest`. */
  @IsOptional() @IsIn(CATALOGUE_SORTS) sort?: CatalogueSort;
  // Optional with a default: the swagger plugin alone would document them as required (no `?`).
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page: number = 1;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize: number = 20;
}

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { Request } from 'express';
import { CATALOGUE_FACETS, CATALOGUE_SORTS, type CatalogueSort } from '@app/read-models';
import { THEMES } from '@app/reference-data';
import { SLUG } from '../../catalogue/catalogue.dto';
import { validationPipe } from '../../http/problem-details';

/** A query parameter given once or repeated (a facet's checkboxes), as a list. */
const list = ({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]);

/** How many values of one facet a search may tick. */
const MAX_TICKED = 50;

/** The search page's query: the JSON API's, but each facet takes several values (ticked checkboxes). */
export class CataloguePageQueryDto {
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(MAX_TICKED)
  @IsIn(THEMES.map((theme) => theme.code), { each: true })
  theme?: string[];
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(MAX_TICKED)
  @Matches(SLUG, { each: true })
  @MaxLength(64, { each: true })
  network?: string[];
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(MAX_TICKED)
  @Matches(SLUG, { each: true })
  @MaxLength(100, { each: true })
  authority?: string[];
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(MAX_TICKED)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  region?: string[];
  @IsOptional()
  @Transform(({ value }) => list({ value }).map(Number))
  @ArrayMaxSize(MAX_TICKED)
  @IsInt({ each: true })
  @Min(1900, { each: true })
  @Max(9999, { each: true })
  year?: number[];
  @IsOptional() @IsIn(CATALOGUE_SORTS) sort?: CatalogueSort;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page: number = 1;
}

/** The search page's own query parameters (`CataloguePageQueryDto`'s). */
const SEARCH_PARAMETERS: string[] = ['q', ...CATALOGUE_FACETS, 'sort', 'page'];

const searchParameters = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const { query } = context.switchToHttp().getRequest<Request>();
  return Object.fromEntries(Object.entries(query).filter(([name]) => SEARCH_PARAMETERS.includes(name)));
});

/**
 * `@SearchQuery()`: the search's parameters from the query string, checked as `CataloguePageQueryDto`. Others are
 * left out before the check rather than refused: a link from a newsletter carries `utm_source` and the like, and
 * its reader should land on the search, not on an error page.
 */
export const SearchQuery = () =>
  searchParameters(undefined, validationPipe({ validateCustomDecorators: true }));

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Tree sizes and indices count events: whole numbers a JavaScript number holds exactly. */
const MAX = Number.MAX_SAFE_INTEGER;

export class InclusionProofQueryDto {
  @Type(() => Number) @IsInt() @Min(0) @Max(MAX) index!: number;
  @Type(() => Number) @IsInt() @Min(1) @Max(MAX) treeSize!: number;
}

export class ConsistencyProofQueryDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(MAX) from!: number;
  @Type(() => Number) @IsInt() @Min(1) @Max(MAX) to!: number;
}

export class CheckpointsQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX) fromTreeSize: number =
    0;
}

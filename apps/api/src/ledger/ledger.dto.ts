import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

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

export class TreeSizeParamDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(MAX) treeSize!: number;
}

export class CosignatureDto {
  /** One C2SP signature line, `— <key name> <base64>`: a line break would add lines of its own to the served note. */
  @IsString() @MaxLength(1000) @Matches(/^\u2014 \S+ \S+$/) signatureLine!: string;
}

import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { loadAuthorityRegister, THEMES } from '@app/reference-data';
import { PersonDto } from '../networks/networks.dto';

const THEME_CODES = THEMES.map((theme) => theme.code);
const AUTHORITY_CODES = loadAuthorityRegister()
  .all()
  .map((authority) => authority.code);
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export class AttachmentDto {
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' }) sha256!: string;
  @IsString() @IsNotEmpty() @MaxLength(255) name!: string;
  @IsString() @IsNotEmpty() @MaxLength(127) mediaType!: string;
  @IsInt() @Min(1) @Max(MAX_ATTACHMENT_BYTES) size!: number;
}

export class SavingsDto {
  @IsNumber() @Min(0) @Max(1_000_000_000) amountPerYear!: number;
  @IsString() @IsNotEmpty() @MaxLength(2000) basis!: string;
}

/** Practice content as DESIGN §3 bounds it; themes and authority codes come from the reference data. */
export class PracticeContentDto {
  @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) summary!: string;
  @IsString() @IsNotEmpty() @MaxLength(50_000) body!: string;
  @ArrayMinSize(1)
  @ArrayMaxSize(THEME_CODES.length)
  @ArrayUnique()
  @IsIn(THEME_CODES, { each: true, message: 'each theme must be a code of GET /themes' })
  themes!: string[];
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsIn(AUTHORITY_CODES, { each: true, message: 'each authority must be a code of GET /authorities' })
  authorities!: string[];
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true })
  @MaxLength(2000, { each: true })
  links!: string[];
  @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => AttachmentDto) attachments!: AttachmentDto[];
  @IsOptional() @ValidateNested() @Type(() => SavingsDto) savings?: SavingsDto;
  @ValidateNested() @Type(() => PersonDto) contact!: PersonDto;
}

export class RevisePracticeDto extends PracticeContentDto {
  @IsInt() @Min(1) basedOnVersion!: number;
}

export class ReviewPracticeDto {
  @IsInt() @Min(1) round!: number;
  @IsIn(['approve', 'request_changes', 'reject']) verdict!: 'approve' | 'request_changes' | 'reject';
  @IsString() @MaxLength(5000) comment!: string;
}

export class WithdrawPracticeDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

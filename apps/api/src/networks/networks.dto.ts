import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsUrl,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { type Role, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@app/domain';

const ROLES: Role[] = ['coordinator', 'contributor'];
/** Network ids appear in stream names and URLs: lowercase slugs. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class PersonDto {
  @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsEmail() @MaxLength(320) email!: string;
}

export class EnrolNetworkDto {
  @IsString()
  @Matches(SLUG, { message: 'networkId must be a lowercase slug (letters, digits, hyphens)' })
  @MaxLength(64)
  networkId!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsIn(['regional', 'national']) scope!: 'regional' | 'national';
  @IsOptional() @IsString() @MaxLength(100) region?: string;
  @ValidateNested() @Type(() => PersonDto) coordinator!: PersonDto;
}

export class AdoptPrinciplesDto {
  @IsString() @IsNotEmpty() @MaxLength(50) principlesVersion!: string;
}

export class RolesDto {
  @ArrayMinSize(1) @ArrayMaxSize(2) @ArrayUnique() @IsIn(ROLES, { each: true }) roles!: Role[];
}

export class RegisterMemberDto extends RolesDto {
  @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsEmail() @MaxLength(320) email!: string;
}

export class IssueTokenDto {
  @IsOptional() @IsInt() @Min(1) @Max(365) expiresInDays?: number;
}

export class NominateRepresentativeDto {
  @IsString() @IsNotEmpty() @MaxLength(64) personId!: string;
}

export class AddAuthorityDto {
  @IsString() @IsNotEmpty() @MaxLength(100) authorityCode!: string;
}

/** Deliveries carry the network's events: only to an HTTPS endpoint on a public name. */
export const WEBHOOK_URL = { protocols: ['https'], require_protocol: true, require_tld: true };

export class RegisterWebhookDto {
  /** `WEBHOOK_URL`, checked by the route unless `WEBHOOK_ALLOW_PRIVATE` lets tests use loopback over HTTP. */
  @IsUrl({ ...WEBHOOK_URL, protocols: ['https', 'http'], require_tld: false }) @MaxLength(2000) url!: string;

  /** The types of event it receives (API.md "Webhooks"); left out, all of them. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];
}

export class LeaveSchemeDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}
export class AutomaticPublicationDto {
  @IsBoolean() enabled!: boolean;
}

/** A C2SP verifier key, `<name>+<key id>+<base64 key>`: checked as an Ed25519 witness key by the rules. */
export class WitnessKeyDto {
  @IsString() @IsNotEmpty() @MaxLength(1000) publicKey!: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  validateSync,
} from 'class-validator';
import type { MotionDecision } from '@app/domain';
import type { MotionStatus } from '@app/read-models';
import { THEMES } from '@app/reference-data';
import { flatten, ValidationFailed } from '../http/problem-details';
import { MinPositionDto } from '../http/min-position.dto';

class SetPrioritiesPayload {
  @IsString() @IsNotEmpty() @MaxLength(50) period!: string;
  @ArrayMinSize(1)
  @ArrayMaxSize(THEMES.length)
  @ArrayUnique()
  @IsIn(THEMES.map((theme) => theme.code), { each: true })
  themes!: string[];
}
class ChangeApprovalPolicyPayload {
  @IsInt() @Min(1) @Max(100) quorum!: number;
  @IsInt() @Min(1) @Max(365) reviewWindowDays!: number;
  @IsOptional() @IsInt() @Min(1) @Max(365) lazyConsensusDays?: number;
  @IsOptional() @IsInt() @Min(1) @Max(365) updateIntervalDays?: number;
}
class RetirePracticePayload {
  @IsUUID() practiceId!: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}
class PersonPayload {
  @IsString() @IsNotEmpty() @MaxLength(64) personId!: string;
}
class NetworkPayload {
  @IsString() @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/) networkId!: string;
}
class WitnessQuorumPayload {
  @IsInt() @Min(0) @Max(100) witnesses!: number;
}

const PAYLOADS = {
  'set-priorities': SetPrioritiesPayload,
  'change-approval-policy': ChangeApprovalPolicyPayload,
  'retire-practice': RetirePracticePayload,
  'appoint-auditor': PersonPayload,
  'suspend-network': NetworkPayload,
  'reinstate-network': NetworkPayload,
  'set-witness-quorum': WitnessQuorumPayload,
} as const;

export class ProposeMotionDto {
  @IsIn(Object.keys(PAYLOADS)) kind!: MotionDecision['kind'];
  @IsObject() @Type(() => Object) payload!: Record<string, unknown>;
  @IsISO8601({ strict: true }) closesAt!: string;
}

/** The payload is checked against its kind's rules, with the same problem+json as any body. */
export function motionDecision(body: ProposeMotionDto): MotionDecision {
  const payloadClass: new () => object = PAYLOADS[body.kind];
  const payload = plainToInstance(payloadClass, body.payload);
  const errors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new ValidationFailed(flatten(errors, 'payload'));
  return { kind: body.kind, payload } as unknown as MotionDecision;
}

export class CastVoteDto {
  @IsIn(['for', 'against', 'abstain']) vote!: 'for' | 'against' | 'abstain';
}

/** `GET /motions`: bounded pages, newest first, optionally one status only. */
export class ListMotionsQueryDto extends MinPositionDto {
  @IsOptional() @IsIn(['open', 'carried', 'lapsed']) status?: MotionStatus;
  // Optional with a default: the swagger plugin alone would document them as required (no `?`).
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page: number = 1;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize: number = 20;
}

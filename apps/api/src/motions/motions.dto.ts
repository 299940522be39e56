import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsEmail,
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
  ValidateIf,
  validateSync,
} from 'class-validator';
import type { MotionDecision, PersonalDetails } from '@app/domain';
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
/** A member by `personId`, or someone outside every network by `name` and `email` (mailed a claim link if carried). */
class AppointAuditorPayload {
  @ValidateIf((payload: AppointAuditorPayload) => payload.name === undefined && payload.email === undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  personId?: string;
  @ValidateIf((payload: AppointAuditorPayload) => payload.personId === undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
  @ValidateIf((payload: AppointAuditorPayload) => payload.personId === undefined)
  @IsEmail()
  @MaxLength(320)
  email?: string;
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
  'appoint-auditor': AppointAuditorPayload,
  'suspend-network': NetworkPayload,
  'reinstate-network': NetworkPayload,
  'set-witness-quorum': WitnessQuorumPayload,
} as const;

const PAYLOAD_CLASSES = [...new Set(Object.values(PAYLOADS))];

@ApiExtraModels(...PAYLOAD_CLASSES)
export class ProposeMotionDto {
  @IsIn(Object.keys(PAYLOADS)) kind!: MotionDecision['kind'];
  @ApiProperty({
    description:
      "The kind's payload. appoint-auditor: {personId} of a member, or {name, email} of someone outside the networks",
    oneOf: PAYLOAD_CLASSES.map((payload) => ({ $ref: getSchemaPath(payload) })),
  })
  @IsObject()
  @Type(() => Object)
  payload!: Record<string, unknown>;
  @IsISO8601({ strict: true }) closesAt!: string;
}

/**
 * The payload is checked against its kind's rules, with the same problem+json as any body. An auditor from outside
 * the networks gets a new person id (`newPersonId`); their name and address go in `personal`, sealed in the log.
 */
export function motionDecision(
  body: ProposeMotionDto,
  newPersonId: () => string,
): MotionDecision & { personal?: PersonalDetails } {
  const payloadClass: new () => object = PAYLOADS[body.kind];
  const payload = plainToInstance(payloadClass, body.payload);
  const errors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new ValidationFailed(flatten(errors, 'payload'));
  if (payload instanceof AppointAuditorPayload) return appointment(payload, newPersonId);
  return { kind: body.kind, payload } as unknown as MotionDecision;
}

function appointment(
  { personId, name, email }: AppointAuditorPayload,
  newPersonId: () => string,
): MotionDecision & { personal?: PersonalDetails } {
  if (personId !== undefined && (name !== undefined || email !== undefined))
    throw new ValidationFailed([
      {
        field: 'payload.personId',
        rule: 'appointee',
        message: 'Name a member by personId, or someone outside the networks by name and email: not both',
      },
    ]);
  if (personId !== undefined) return { kind: 'appoint-auditor', payload: { personId } };
  return {
    kind: 'appoint-auditor',
    payload: { personId: newPersonId(), outside: true },
    personal: { name: name!, email: email! },
  };
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

import { IsString, Matches } from 'class-validator';
import { CLAIM_CODE } from '@app/application';

export class ClaimDto {
  @IsString() @Matches(CLAIM_CODE, { message: 'code must be the code from the claim link' }) code!: string;
}

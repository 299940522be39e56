import { IsOptional, Matches } from 'class-validator';

/** `?minPosition=`: the read waits (up to 5 s) until its view includes that global log position. */
export class MinPositionDto {
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'minPosition must be a log position (a whole number)' })
  minPosition?: string;
}

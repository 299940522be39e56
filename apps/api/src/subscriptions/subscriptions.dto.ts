import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { SUBSCRIBER_TOKEN } from '@app/infrastructure';

export class SubscribeDto {
  @IsEmail() @MaxLength(320) email!: string;
}

export class SubscriptionTokenDto {
  @IsString() @Matches(SUBSCRIBER_TOKEN, { message: 'token must be the token from the mail' }) token!: string;
}

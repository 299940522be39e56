import { Equals, IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { SUBSCRIBER_TOKEN } from '@app/infrastructure';

export class SubscribeDto {
  @IsEmail() @MaxLength(320) email!: string;
}

export class SubscriptionTokenDto {
  @IsString() @Matches(SUBSCRIBER_TOKEN, { message: 'token must be the token from the mail' }) token!: string;
}

/** The body RFC 8058 §3.1 has mail clients send, and only that. */
export class OneClickUnsubscribeDto {
  @Equals('One-Click') 'List-Unsubscribe'!: string;
}

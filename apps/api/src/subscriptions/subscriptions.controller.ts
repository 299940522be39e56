import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Public } from '../identity/bearer-auth.guard';
import { SubscribeDto, SubscriptionTokenDto } from './subscriptions.dto';
import {
  ConfirmSubscriptionCommand,
  RequestSubscriptionCommand,
  UnsubscribeCommand,
} from './subscriptions.commands';

/** E-mail updates for the public, with double opt-in: subscribe, confirm with the mailed token, unsubscribe. */
@Public()
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly commands: CommandBus) {}

  /** 202: the subscription starts only once the mailed link is used. */
  @Post()
  @HttpCode(202)
  request(@Body() body: SubscribeDto) {
    return this.commands.execute(new RequestSubscriptionCommand(body.email));
  }

  @Post('confirm')
  @HttpCode(200)
  confirm(@Body() body: SubscriptionTokenDto) {
    return this.commands.execute(new ConfirmSubscriptionCommand(body.token));
  }

  @Post('unsubscribe')
  @HttpCode(200)
  unsubscribe(@Body() body: SubscriptionTokenDto) {
    return this.commands.execute(new UnsubscribeCommand(body.token));
  }
}

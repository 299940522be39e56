import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Public } from '../identity/bearer-auth.guard';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { send, sendForPosition } from '../http/send-command';
import { SubscribeDto, SubscriptionTokenDto } from './subscriptions.dto';
import { SubscriberSecret } from './subscriber-secret.service';
import { subscriberCommand, subscriptionRequest } from './subscription-commands';

/** E-mail updates for the public, with double opt-in: subscribe, confirm with the mailed token, unsubscribe. */
@Public()
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly secret: SubscriberSecret,
  ) {}

  /** 202: the subscription starts only once the mailed link is used. */
  @Post()
  @HttpCode(202)
  async request(@Meta() meta: HttpCommandMeta, @Body() { email }: SubscribeDto) {
    const { command, secrets } = subscriptionRequest(this.secret, email);
    const { position } = await send(this.bus, command, meta, secrets);
    return { position };
  }

  @Post('confirm')
  @HttpCode(200)
  confirm(@Meta() meta: HttpCommandMeta, @Body() { token }: SubscriptionTokenDto) {
    return sendForPosition(this.bus, subscriberCommand('ConfirmSubscription', token), meta);
  }

  @Post('unsubscribe')
  @HttpCode(200)
  unsubscribe(@Meta() meta: HttpCommandMeta, @Body() { token }: SubscriptionTokenDto) {
    return sendForPosition(this.bus, subscriberCommand('Unsubscribe', token), meta);
  }
}

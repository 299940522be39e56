import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Query,
  Redirect,
  UseInterceptors,
} from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '@app/config';
import { SubscriberSecret } from '@app/infrastructure';
import { Public } from '../identity/bearer-auth.guard';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { send, sendForPosition } from '../http/send-command';
import { OneClickUnsubscribeDto, SubscribeDto, SubscriptionTokenDto } from './subscriptions.dto';
import { subscriberCommand, subscriptionRequest } from './subscription-commands';

/** E-mail updates for the public, with double opt-in: subscribe, confirm with the mailed token, unsubscribe. */
@Public()
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly secret: SubscriberSecret,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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

  /**
   * RFC 8058 one-click unsubscription, the digest's `List-Unsubscribe` URI: a mail client POSTs
   * `List-Unsubscribe=One-Click` to it (form-encoded, parsed by the module's middleware, or multipart/form-data,
   * parsed here), with no session or CSRF token; the token in the URI is the proof.
   */
  @Post('unsubscribe/one-click')
  @HttpCode(200)
  @UseInterceptors(NoFilesInterceptor({ limits: { fields: 1, fieldSize: 64, parts: 1 } }))
  oneClickUnsubscribe(
    @Meta() meta: HttpCommandMeta,
    @Query() { token }: SubscriptionTokenDto,
    @Body() _body: OneClickUnsubscribeDto,
  ) {
    return this.unsubscribe(meta, { token });
  }

  /** Opened in a browser (a GET never unsubscribes, RFC 8058 §3.2): the unsubscribe page, which asks first. */
  @Get('unsubscribe/one-click')
  @Redirect(undefined, 303)
  unsubscribePage(@Query() { token }: SubscriptionTokenDto) {
    return { url: `${this.config.publicUrl}/subscribe/unsubscribe?token=${token}` };
  }
}

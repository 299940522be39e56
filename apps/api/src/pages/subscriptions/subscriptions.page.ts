import { Body, Get, HttpCode, Post, Query, Render, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isEmail } from 'class-validator';
import type { Response } from 'express';
import { NotFound } from '@app/domain';
import { Public } from '../../identity/bearer-auth.guard';
import { HttpCommandMeta, Meta } from '../../http/command-meta';
import { send } from '../../http/send-command';
import { SUBSCRIBER_TOKEN, SubscriberSecret } from '../../subscriptions/subscriber-secret.service';
import { subscriberCommand, subscriptionRequest } from '../../subscriptions/subscription-commands';
import { formErrors } from '../form-errors';
import { PageController } from '../page-controller';

/** The token of a mailed link, or the page for a link that is not one of ours. */
function mailedToken(token: unknown): string {
  if (typeof token !== 'string' || !SUBSCRIBER_TOKEN.test(token))
    throw new NotFound('This link is not complete: copy the whole link from the e-mail');
  return token;
}

/**
 * E-mail updates for the public, double opt-in: subscribe, then the mailed links. A link only opens a page with a
 * button: mail scanners follow links, and must not confirm or unsubscribe anybody by doing so.
 */
@PageController()
export class SubscriptionPages {
  constructor(
    private readonly bus: CommandBus,
    private readonly secret: SubscriberSecret,
  ) {}

  @Get('subscribe')
  @Render('subscriptions/subscribe')
  form() {
    return { title: 'Get e-mail updates' };
  }

  @Post('subscribe')
  @HttpCode(200)
  @Public()
  async subscribe(
    @Body() body: Record<string, unknown> = {},
    @Meta() meta: HttpCommandMeta,
    @Res() response: Response,
  ) {
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    if (!isEmail(email) || email.length > 320)
      return response.status(422).render('subscriptions/subscribe', {
        title: 'Get e-mail updates',
        email,
        ...formErrors({
          email: email
            ? 'Enter an e-mail address in the correct format, like name@example.com'
            : 'Enter your e-mail address',
        }),
      });
    const { command, secrets } = subscriptionRequest(this.secret, email);
    await send(this.bus, command, meta, secrets);
    response.render('subscriptions/check-your-email', { title: 'Check your e-mail', email });
  }

  @Get('subscriptions/confirm')
  @Render('subscriptions/mailed-link')
  confirmation(@Query('token') token: unknown) {
    return {
      title: 'Confirm your e-mail updates',
      token: mailedToken(token),
      action: 'confirm',
      button: 'Confirm',
    };
  }

  @Post('subscriptions/confirm')
  @HttpCode(200)
  @Public()
  @Render('subscriptions/done')
  async confirm(@Body('token') token: unknown, @Meta() meta: HttpCommandMeta) {
    await send(this.bus, subscriberCommand('ConfirmSubscription', mailedToken(token)), meta);
    return { title: 'You are subscribed', message: 'We will e-mail you when new practice is published.' };
  }

  @Get('subscriptions/unsubscribe')
  @Render('subscriptions/mailed-link')
  unsubscription(@Query('token') token: unknown) {
    return {
      title: 'Stop e-mail updates',
      token: mailedToken(token),
      action: 'unsubscribe',
      button: 'Unsubscribe',
    };
  }

  @Post('subscriptions/unsubscribe')
  @HttpCode(200)
  @Public()
  @Render('subscriptions/done')
  async unsubscribe(@Body('token') token: unknown, @Meta() meta: HttpCommandMeta) {
    await send(this.bus, subscriberCommand('Unsubscribe', mailedToken(token)), meta);
    return { title: 'You are unsubscribed', message: 'We will not e-mail you again.' };
  }
}

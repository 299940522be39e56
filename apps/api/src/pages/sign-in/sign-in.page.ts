import { Body, Get, HttpCode, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { hashToken } from '@app/application';
import { Public } from '../../identity/bearer-auth.guard';
import { IdentityService } from '../../identity/identity.service';
import { PageContextGuard, type PageRequest } from '../page-context.guard';
import { PageController } from '../page-controller';
import { formErrors } from '../form-errors';

/** Where to go after signing in: a path of this site only, never another site (`//host`, `/\host`). */
export function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

/** Access tokens are 256 bits in base64url; anything else is not worth a lookup. */
const TOKEN = /^[A-Za-z0-9._~+/=-]{20,200}$/;

/** Signing in with an access token into a session (the token is never kept, only its hash), and signing out. */
@PageController()
export class SignInPage {
  constructor(
    private readonly identity: IdentityService,
    private readonly context: PageContextGuard,
  ) {}

  @Get('sign-in')
  @Render('sign-in/sign-in')
  show(@Query('next') next: unknown) {
    return { title: 'Sign in', next: localPath(next) };
  }

  /** Public (before the session has a person), so the public writes' budget limits guessing. */
  @Post('sign-in')
  @HttpCode(200)
  @Public()
  async signIn(
    @Req() request: PageRequest,
    @Res() response: Response,
    @Body() body: Record<string, unknown> = {},
  ) {
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    const actor = TOKEN.test(token) ? await this.identity.resolve(token) : undefined;
    if (!actor || !actor.networkActive) {
      const message = token
        ? 'The access token is not known, has expired or was revoked: check it, or ask your coordinator for a new one'
        : 'Enter your access token';
      return response.status(422).render('sign-in/sign-in', {
        title: 'Sign in',
        next: localPath(body.next),
        ...formErrors({ token: message }),
      });
    }
    this.context.startSession(request, response, { tokenHash: hashToken(token), actor });
    response.redirect(303, localPath(body.next));
  }

  @Get('sign-out')
  @Render('sign-in/sign-out')
  confirmSignOut() {
    return { title: 'Sign out' };
  }

  @Post('sign-out')
  @HttpCode(200)
  signOut(@Req() request: PageRequest, @Res() response: Response) {
    this.context.endSession(request, response);
    response.locals.signedIn = undefined;
    response.render('sign-in/signed-out', { title: 'You have signed out' });
  }
}

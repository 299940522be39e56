import { Get, HttpCode, Param, Post, Render, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { CLAIM_CODE, Clock, hashToken } from '@app/application';
import { NotFound } from '@app/domain';
import { Public } from '../../identity/bearer-auth.guard';
import { IdentityService } from '../../identity/identity.service';
import { HttpCommandMeta, Meta } from '../../http/command-meta';
import { redeemClaim } from '../../claims/redeem-claim';
import { PageContextGuard, type PageRequest } from '../page-context.guard';
import { PageController } from '../page-controller';

function claimCode(code: string): string {
  if (!CLAIM_CODE.test(code))
    throw new NotFound('This link is not complete: copy the whole link from the e-mail');
  return code;
}

/**
 * The claim link mailed to a new network's first coordinator (or an appointed auditor): a page with a button (a
 * mail scanner following the link claims nothing), then the token, shown once, and a session signed in with it.
 */
@PageController('claim')
export class ClaimPage {
  constructor(
    private readonly bus: CommandBus,
    private readonly clock: Clock,
    private readonly context: PageContextGuard,
    private readonly identity: IdentityService,
  ) {}

  @Get(':code')
  @Render('claims/claim')
  show(@Param('code') code: string) {
    return { title: 'Claim your access token', code: claimCode(code) };
  }

  @Post(':code')
  @HttpCode(200)
  @Public()
  async claim(
    @Param('code') code: string,
    @Meta() meta: HttpCommandMeta,
    @Req() request: PageRequest,
    @Res() response: Response,
  ) {
    const claimed = await redeemClaim(this.bus, this.clock.now(), claimCode(code), meta);
    // The views include the new token within moments; the session holds only its hash either way.
    const actor = await this.identity.resolve(claimed.token);
    if (actor) this.context.startSession(request, response, { tokenHash: hashToken(claimed.token), actor });
    // Shown once: no copy of this page may be kept by the browser or anything between.
    response.setHeader('Cache-Control', 'no-store');
    response.render('claims/claimed', { title: 'Your access token', ...claimed });
  }
}

import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, hashToken, networkOfClaim, newAccessToken } from '@app/application';
import { Public } from '../identity/bearer-auth.guard';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { send, shownOnce } from '../http/send-command';
import { ClaimDto } from './claims.dto';

/** A new network's first coordinator exchanges the mailed claim link for their first token, once. */
@Public()
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Post()
  async claim(@Meta() meta: HttpCommandMeta, @Body() { code }: ClaimDto) {
    const networkId = networkOfClaim(code);
    const { token, ...issued } = newAccessToken(this.clock.now());
    const command = { type: 'RedeemClaim', networkId, codeHash: hashToken(code), token: issued } as const;
    const { events, position } = shownOnce(await send(this.bus, command, meta));
    const { personId } = events[0].data as { personId: string };
    return { personId, networkId, tokenId: issued.tokenId, token, expiresAt: issued.expiresAt, position };
  }
}

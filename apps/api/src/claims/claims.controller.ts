import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, hashToken, holderOfClaim, newAccessToken } from '@app/application';
import { Public } from '../identity/bearer-auth.guard';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { send, shownOnce } from '../http/send-command';
import { ClaimDto } from './claims.dto';

/**
 * A new network's first coordinator, or an auditor appointed from outside the networks, exchanges the mailed claim
 * link for their first token, once.
 */
@Public()
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Post()
  async claim(@Meta() meta: HttpCommandMeta, @Body() { code }: ClaimDto) {
    const holder = holderOfClaim(code);
    const { token, ...issued } = newAccessToken(this.clock.now());
    const codeHash = hashToken(code);
    const command =
      'networkId' in holder
        ? ({ type: 'RedeemClaim', networkId: holder.networkId, codeHash, token: issued } as const)
        : ({ type: 'RedeemAuditorClaim', personId: holder.auditorId, codeHash, token: issued } as const);
    const { events, position } = shownOnce(await send(this.bus, command, meta));
    const { personId } = events[0].data as { personId: string };
    const networkId = 'networkId' in holder ? holder.networkId : null;
    return { personId, networkId, tokenId: issued.tokenId, token, expiresAt: issued.expiresAt, position };
  }
}

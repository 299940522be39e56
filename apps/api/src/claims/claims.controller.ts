import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock } from '@app/application';
import { Public } from '../identity/bearer-auth.guard';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { ClaimDto } from './claims.dto';
import { redeemClaim } from './redeem-claim';

/** A new network's first coordinator exchanges the mailed claim link for their first token, once. */
@Public()
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Post()
  claim(@Meta() meta: HttpCommandMeta, @Body() { code }: ClaimDto) {
    return redeemClaim(this.bus, this.clock.now(), code, meta);
  }
}

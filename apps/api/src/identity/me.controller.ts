import { Controller, Get, Query } from '@nestjs/common';
import type { OutsideAuditor, ResolvedActor } from '@app/read-models';
import { MinPositionDto } from '../http/min-position.dto';
import { CurrentActor, OpenToAuditors } from './bearer-auth.guard';

@Controller('me')
export class MeController {
  /**
   * The guard has already waited for `minPosition`, so the actor reflects e.g. a nomination just made. An auditor
   * appointed from outside the networks sees no network and no roles.
   */
  @OpenToAuditors()
  @Get()
  me(@CurrentActor() actor: ResolvedActor | OutsideAuditor, @Query() _query: MinPositionDto) {
    const { personId, networkId, roles, seat, auditor } = actor;
    return { personId, networkId, roles, seat, auditor };
  }
}

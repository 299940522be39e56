import { Controller, Get, Query } from '@nestjs/common';
import type { ResolvedActor } from '@app/read-models';
import { MinPositionDto } from '../http/min-position.dto';
import { CurrentActor } from './bearer-auth.guard';

@Controller('me')
export class MeController {
  /** The guard has already waited for `minPosition`, so the actor reflects e.g. a nomination just made. */
  @Get()
  me(@CurrentActor() actor: ResolvedActor, @Query() _query: MinPositionDto) {
    const { personId, networkId, roles, seat, auditor } = actor;
    return { personId, networkId, roles, seat, auditor };
  }
}

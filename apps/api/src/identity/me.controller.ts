import { Controller, Get } from '@nestjs/common';
import type { ResolvedActor } from '@app/read-models';
import { CurrentActor } from './bearer-auth.guard';

@Controller('me')
export class MeController {
  @Get()
  me(@CurrentActor() actor: ResolvedActor) {
    const { personId, networkId, roles, seat, auditor } = actor;
    return { personId, networkId, roles, seat, auditor };
  }
}

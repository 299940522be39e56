import { Controller, Get, Param, Query } from '@nestjs/common';
import type { ResolvedActor } from '@app/read-models';
import { CurrentActor } from '../identity/bearer-auth.guard';
import { MinPositionDto } from '../http/min-position.dto';
import { DashboardView } from './dashboard-view.service';

/**
 * `GET /dashboard` for every member, `GET /review-queue` for seat holders, `GET /networks/{id}/practices` for the
 * network's members (the guard waits for `minPosition`).
 */
@Controller()
export class DashboardController {
  constructor(private readonly view: DashboardView) {}

  @Get('dashboard')
  dashboard(@Query() _query: MinPositionDto) {
    return this.view.dashboard();
  }

  @Get('review-queue')
  reviewQueue(@CurrentActor() actor: ResolvedActor, @Query() _query: MinPositionDto) {
    return this.view.reviewQueue(actor);
  }

  @Get('networks/:networkId/practices')
  material(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Query() _query: MinPositionDto,
  ) {
    return this.view.material(actor, networkId);
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { listMotions, ProjectionRunner } from '@app/read-models';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { MinPositionDto } from '../http/min-position.dto';
import { sendForPosition } from '../http/send-command';
import { MotionView } from './motion-view.service';
import { CastVoteDto, ListMotionsQueryDto, motionDecision, ProposeMotionDto } from './motions.dto';

@Controller('motions')
export class MotionsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly motions: MotionView,
    private readonly runner: ProjectionRunner,
  ) {}

  @Post()
  async propose(@Meta() meta: HttpCommandMeta, @Body() body: ProposeMotionDto) {
    const motionId = meta.idFor('motion');
    const command = {
      type: 'ProposeMotion',
      motionId,
      closesAt: body.closesAt,
      ...motionDecision(body, () => meta.idFor('person')),
    } as const;
    const { position } = await sendForPosition(this.bus, command, meta);
    return { motionId, position };
  }

  @Post(':id/votes')
  @HttpCode(200)
  vote(
    @Param('id', ParseUUIDPipe) motionId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { vote }: CastVoteDto,
  ) {
    return sendForPosition(this.bus, { type: 'CastVote', motionId, vote }, meta);
  }

  /** Motions newest first, with their votes counted and outcome, from the read model. */
  @Get()
  list(@Query() { status, page, pageSize }: ListMotionsQueryDto) {
    return listMotions(this.runner.database, { status, page, pageSize });
  }

  /** One motion with its votes and outcome, folded from its stream. */
  @Get(':id')
  view(@Param('id', ParseUUIDPipe) id: string, @Query() _query: MinPositionDto) {
    return this.motions.view(id);
  }
}

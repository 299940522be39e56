import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MotionEvent, motionDecider, NotFound, replay } from '@app/domain';
import { EventStore, StreamNotFoundError } from '@app/event-store';
import { listMotions, ProjectionRunner, ResolvedActor } from '@app/read-models';
import { CurrentActor } from '../identity/bearer-auth.guard';
import { commandIdFor } from '../http/command-id';
import { MinPositionDto } from '../http/min-position.dto';
import { CastVoteDto, ListMotionsQueryDto, motionDecision, ProposeMotionDto } from './motions.dto';
import { CastVoteCommand, ProposeMotionCommand } from './motions.commands';

@Controller('motions')
export class MotionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @Post()
  propose(
    @CurrentActor() actor: ResolvedActor,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: ProposeMotionDto,
  ) {
    return this.commands.execute(
      new ProposeMotionCommand(
        actor,
        randomUUID(),
        commandIdFor(actor, key),
        motionDecision(body),
        body.closesAt,
      ),
    );
  }

  @Post(':id/votes')
  @HttpCode(200)
  vote(
    @CurrentActor() actor: ResolvedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: CastVoteDto,
  ) {
    return this.commands.execute(new CastVoteCommand(actor, id, commandIdFor(actor, key), body.vote));
  }

  /** Motions newest first, with their votes counted and outcome, from the read model. */
  @Get()
  list(@Query() { status, page, pageSize }: ListMotionsQueryDto) {
    return listMotions(this.runner.database, { status, page, pageSize });
  }

  /** One motion with its votes and outcome, folded from its stream. */
  @Get(':id')
  async view(@Param('id', ParseUUIDPipe) id: string, @Query() _query: MinPositionDto) {
    let recorded;
    try {
      recorded = await this.store.readStream(`motion-${id}`);
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw new NotFound('No such motion');
      throw error;
    }
    const state = replay(
      motionDecider,
      recorded.map(({ type, data }) => ({ type, data }) as MotionEvent),
    );
    return {
      motionId: id,
      status: state.status,
      ...state.decision,
      closesAt: state.closesAt,
      votes: state.votes,
    };
  }
}

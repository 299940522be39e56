import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MotionEvent, motionDecider, NotFound, replay } from '@app/domain';
import { FORGOTTEN, PersonalData, SealedPersonal } from '@app/application';
import { EventStore, RecordedEvent, StreamNotFoundError } from '@app/event-store';
import { listMotions, ProjectionRunner } from '@app/read-models';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { MinPositionDto } from '../http/min-position.dto';
import { sendForPosition } from '../http/send-command';
import { CastVoteDto, ListMotionsQueryDto, motionDecision, ProposeMotionDto } from './motions.dto';

@Controller('motions')
export class MotionsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly personalData: PersonalData,
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
    const appointee = await this.appointeeOf(recorded[0]);
    return {
      motionId: id,
      status: state.status,
      ...state.decision,
      ...(appointee && { appointee }),
      closesAt: state.closesAt,
      votes: state.votes,
    };
  }

  /** Whom a motion would appoint from outside the networks, by name (the address is for the claim link only). */
  private async appointeeOf(proposed: RecordedEvent) {
    const sealed = (proposed.data as { personal?: SealedPersonal }).personal;
    if (!sealed) return undefined;
    const personal = await this.personalData.open<{ name: string }>(sealed);
    return 'forgotten' in personal ? FORGOTTEN : { name: personal.name };
  }
}

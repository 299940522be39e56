import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ResolvedActor } from '@app/read-models';
import { CurrentActor } from '../identity/bearer-auth.guard';
import { commandIdFor } from '../http/command-id';
import { MinPositionDto } from '../http/min-position.dto';
import {
  PracticeContentDto,
  RevisePracticeDto,
  ReviewPracticeDto,
  WithdrawPracticeDto,
} from './practices.dto';
import {
  PublishPracticeCommand,
  RevisePracticeCommand,
  ReviewPracticeCommand,
  SubmitPracticeCommand,
  WithdrawPracticeCommand,
} from './practices.commands';
import { PracticeWorkflow } from './practice-workflow.service';

/** The practice routes of API.md: HTTP in, a command on the bus, its result out. */
@Controller('practices')
export class PracticesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly workflow: PracticeWorkflow,
  ) {}

  @Post()
  submit(
    @CurrentActor() actor: ResolvedActor,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: PracticeContentDto,
  ) {
    return this.commands.execute(
      new SubmitPracticeCommand(actor, randomUUID(), commandIdFor(actor, key), body),
    );
  }

  @Post(':id/reviews')
  review(
    @CurrentActor() actor: ResolvedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: ReviewPracticeDto,
  ) {
    return this.commands.execute(
      new ReviewPracticeCommand(actor, id, commandIdFor(actor, key), body.round, body.verdict, body.comment),
    );
  }

  @Post(':id/revisions')
  revise(
    @CurrentActor() actor: ResolvedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RevisePracticeDto,
  ) {
    const { basedOnVersion, ...content } = body;
    return this.commands.execute(
      new RevisePracticeCommand(actor, id, commandIdFor(actor, key), basedOnVersion, content),
    );
  }

  @Post(':id/publish')
  @HttpCode(200)
  publish(
    @CurrentActor() actor: ResolvedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.commands.execute(new PublishPracticeCommand(actor, id, commandIdFor(actor, key)));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(
    @CurrentActor() actor: ResolvedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: WithdrawPracticeDto,
  ) {
    return this.commands.execute(
      new WithdrawPracticeCommand(actor, id, commandIdFor(actor, key), body.reason),
    );
  }

  /** The workflow view for members: state, version, round, this round's reviews, history. */
  @Get(':id')
  view(@Param('id', ParseUUIDPipe) id: string, @Query() _query: MinPositionDto) {
    return this.workflow.view(id);
  }
}

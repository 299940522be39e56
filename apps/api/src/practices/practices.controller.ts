import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { MinPositionDto } from '../http/min-position.dto';
import { sendForPosition } from '../http/send-command';
import {
  PracticeContentDto,
  RevisePracticeDto,
  ReviewPracticeDto,
  WithdrawPracticeDto,
} from './practices.dto';
import { PracticeWorkflow } from './practice-workflow.service';

/** The practice routes of API.md: HTTP in, a command on the bus, its result out. */
@Controller('practices')
export class PracticesController {
  constructor(
    private readonly bus: CommandBus,
    private readonly workflow: PracticeWorkflow,
  ) {}

  @Post()
  async submit(@Meta() meta: HttpCommandMeta, @Body() content: PracticeContentDto) {
    const practiceId = meta.idFor('practice');
    const contactId = meta.idFor('contact');
    const command = { type: 'SubmitPractice', practiceId, contactId, content } as const;
    const { position } = await sendForPosition(this.bus, command, meta);
    return { practiceId, version: 1, position };
  }

  @Post(':id/reviews')
  review(
    @Param('id', ParseUUIDPipe) practiceId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { round, verdict, comment }: ReviewPracticeDto,
  ) {
    return sendForPosition(this.bus, { type: 'ReviewPractice', practiceId, round, verdict, comment }, meta);
  }

  @Post(':id/revisions')
  async revise(
    @Param('id', ParseUUIDPipe) practiceId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { basedOnVersion, ...content }: RevisePracticeDto,
  ) {
    const contactId = meta.idFor('contact');
    const command = { type: 'RevisePractice', practiceId, contactId, basedOnVersion, content } as const;
    const { position } = await sendForPosition(this.bus, command, meta);
    return { version: basedOnVersion + 1, position };
  }

  @Post(':id/publish')
  @HttpCode(200)
  publish(@Param('id', ParseUUIDPipe) practiceId: string, @Meta() meta: HttpCommandMeta) {
    return sendForPosition(this.bus, { type: 'PublishPractice', practiceId }, meta);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(
    @Param('id', ParseUUIDPipe) practiceId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() { reason }: WithdrawPracticeDto,
  ) {
    return sendForPosition(this.bus, { type: 'WithdrawPractice', practiceId, reason }, meta);
  }

  /** The contact is personal data of its own: the owner network erases it, the material stays without one. */
  @Delete(':id/contact')
  eraseContact(@Param('id', ParseUUIDPipe) practiceId: string, @Meta() meta: HttpCommandMeta) {
    return sendForPosition(this.bus, { type: 'EraseContact', practiceId }, meta);
  }

  /** The workflow view for members: state, version, round, this round's reviews, history. */
  @Get(':id')
  view(@Param('id', ParseUUIDPipe) id: string, @Query() _query: MinPositionDto) {
    return this.workflow.view(id);
  }
}

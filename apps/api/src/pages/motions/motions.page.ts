import { Body, Get, Param, ParseUUIDPipe, Post, Query, Render, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Clock } from '@app/application';
import { type MotionDecision, NotAllowed, NotFound, type Vote } from '@app/domain';
import { listMotions, listNetworks, ProjectionRunner, type ResolvedActor } from '@app/read-models';
import { THEMES } from '@app/reference-data';
import { HttpCommandMeta, Meta } from '../../http/command-meta';
import { send } from '../../http/send-command';
import { CurrentActor } from '../../identity/bearer-auth.guard';
import { MotionView } from '../../motions/motion-view.service';
import { formErrors } from '../form-errors';
import { PageController, SignedIn } from '../page-controller';
import { fieldName, MOTION_KINDS, MotionFormBody, readMotionForm } from './motion-form';

const VOTES: Vote[] = ['for', 'against', 'abstain'];
const kindText = (kind: string) => MOTION_KINDS.find((candidate) => candidate.kind === kind)?.text ?? kind;

/** The Steering Group's motions: the list with outcomes, proposing one of each kind, one motion with its votes. */
@PageController('motions')
export class MotionPages {
  constructor(
    private readonly bus: CommandBus,
    private readonly motions: MotionView,
    private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
  ) {}

  @Get()
  @UseGuards(SignedIn)
  @Render('motions/list')
  list(@Query('page') page?: string) {
    const listed = listMotions(this.runner.database, { page: Math.max(1, Number(page) || 1), pageSize: 20 });
    return {
      title: 'Motions',
      ...listed,
      items: listed.items.map((motion) => ({ ...motion, kindText: kindText(motion.kind) })),
    };
  }

  @Get('new')
  @UseGuards(SignedIn)
  @Render('motions/propose-kind')
  chooseKind(@CurrentActor() actor: ResolvedActor) {
    this.seatHolder(actor);
    return { title: 'Propose a motion', kinds: MOTION_KINDS };
  }

  @Get('new/:kind')
  @UseGuards(SignedIn)
  @Render('motions/propose')
  proposeForm(@CurrentActor() actor: ResolvedActor, @Param('kind') kind: string) {
    this.seatHolder(actor);
    return this.formPage({ kind });
  }

  @Post()
  @UseGuards(SignedIn)
  async propose(
    @CurrentActor() actor: ResolvedActor,
    @Meta() meta: HttpCommandMeta,
    @Body() body: MotionFormBody,
    @Res() response: Response,
  ) {
    this.seatHolder(actor);
    const form = readMotionForm(body, this.clock.now());
    if ('errors' in form)
      return response.status(422).render('motions/propose', this.formPage(body, formErrors(form.errors)));
    const motionId = meta.idFor('motion');
    await send(
      this.bus,
      { type: 'ProposeMotion', motionId, closesAt: form.closesAt, ...form.decision },
      meta,
    );
    response.redirect(303, `/motions/${motionId}`);
  }

  @Get(':id')
  @UseGuards(SignedIn)
  @Render('motions/motion')
  motion(@CurrentActor() actor: ResolvedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.motionPage(actor, id, {});
  }

  @Post(':id/vote')
  @UseGuards(SignedIn)
  async vote(
    @CurrentActor() actor: ResolvedActor,
    @Param('id', ParseUUIDPipe) motionId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() body: MotionFormBody,
    @Res() response: Response,
  ) {
    const vote = VOTES.find((known) => known === body.vote);
    if (!vote)
      return response
        .status(422)
        .render(
          'motions/motion',
          await this.motionPage(actor, motionId, formErrors({ vote: 'Select your vote' })),
        );
    await send(this.bus, { type: 'CastVote', motionId, vote }, meta);
    response.redirect(303, `/motions/${motionId}`);
  }

  private seatHolder(actor: ResolvedActor): void {
    if (!actor.seat)
      throw new NotAllowed(
        "Only Steering Group seat holders propose motions: ask your network's representative",
      );
  }

  private async motionPage(actor: ResolvedActor, motionId: string, form: object) {
    // A motion that exists has its decision.
    const motion = (await this.motions.view(motionId)) as Awaited<ReturnType<MotionView['view']>> &
      MotionDecision;
    const votes = Object.entries(motion.votes).map(([networkId, vote]) => ({ networkId, vote }));
    return {
      title: kindText(motion.kind),
      motion,
      payload: Object.entries(motion.payload).map(([key, value]) => ({
        key,
        value: Array.isArray(value) ? value.join(', ') : String(value),
      })),
      votes,
      count: Object.fromEntries(
        VOTES.map((vote) => [vote, votes.filter((cast) => cast.vote === vote).length]),
      ),
      canVote:
        actor.seat && motion.status === 'open' && Date.parse(motion.closesAt!) > this.clock.now().getTime(),
      myVote: motion.votes[actor.networkId],
      ...form,
    };
  }

  private formPage(body: MotionFormBody, form: object = {}) {
    const networks = listNetworks(this.runner.database);
    const value = (kind: string, field: string) => body[fieldName(kind, field)];
    const kind = MOTION_KINDS.find((candidate) => candidate.kind === body.kind);
    if (!kind) throw new NotFound('No such kind of motion');
    return {
      title: `Propose a motion: ${kind.text}`,
      body,
      kind,
      themeItems: THEMES.map(({ code, label }) => ({
        value: code,
        text: label,
        checked: [value('set-priorities', 'themes')].flat().includes(code),
      })),
      networkItems: (kind: string) => [
        { value: '', text: 'Choose a network' },
        ...networks.map((network) => ({
          value: network.networkId,
          text: network.name,
          selected: value(kind, 'networkId') === network.networkId,
        })),
      ],
      ...form,
    };
  }
}

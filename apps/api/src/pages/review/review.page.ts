import { Body, Get, Param, ParseUUIDPipe, Post, Render, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Clock, StreamFacts } from '@app/application';
import type { Verdict } from '@app/domain';
import { ProjectionRunner, type ResolvedActor, reviewQueueFor } from '@app/read-models';
import { HttpCommandMeta, Meta } from '../../http/command-meta';
import { send } from '../../http/send-command';
import { CurrentActor } from '../../identity/bearer-auth.guard';
import { PracticeWorkflow, PublicContent } from '../../practices/practice-workflow.service';
import { formErrors } from '../form-errors';
import { renderMarkdown } from '../markdown';
import { PageController, SignedIn } from '../page-controller';
import { stateTag } from '../contribute/practice-states';
import { versionChanges } from './version-changes';

const VERDICTS: Verdict[] = ['approve', 'request_changes', 'reject'];

/** Why a signed-in member may not review an item, in the rules' words; undefined when they may. */
function cannotReview(actor: ResolvedActor, item: { networkId: string; state: string; reviews: object }) {
  if (!actor.seat)
    return "Only your network's Steering Group representative reviews material, one voice for each network.";
  if (item.networkId === actor.networkId)
    return "You cannot review your own network's material: representatives of other networks review it, so that no network approves its own work.";
  if (!['submitted', 'in_review'].includes(item.state)) return 'This material is not waiting for review.';
  if (actor.networkId in item.reviews) return 'Your network has already reviewed this round.';
  return undefined;
}

/** Seat holders' pages: the review queue, and one item's version (with what changed) to approve, send back or reject. */
@PageController('review')
export class ReviewPages {
  constructor(
    private readonly bus: CommandBus,
    private readonly workflow: PracticeWorkflow,
    private readonly runner: ProjectionRunner,
    private readonly facts: StreamFacts,
    private readonly clock: Clock,
  ) {}

  @Get()
  @UseGuards(SignedIn)
  @Render('review/queue')
  queue(@CurrentActor() actor: ResolvedActor) {
    if (!actor.seat)
      return {
        title: 'Review queue',
        notSeated: cannotReview(actor, { networkId: '', state: '', reviews: {} }),
      };
    return {
      title: 'Review queue',
      ...reviewQueueFor(this.runner.database, actor.networkId, this.clock.now()),
    };
  }

  @Get(':id')
  @UseGuards(SignedIn)
  @Render('review/item')
  item(@CurrentActor() actor: ResolvedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.itemPage(actor, id, {});
  }

  @Post(':id')
  @UseGuards(SignedIn)
  async review(
    @CurrentActor() actor: ResolvedActor,
    @Param('id', ParseUUIDPipe) practiceId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() body: Record<string, string | undefined>,
    @Res() response: Response,
  ) {
    const verdict = VERDICTS.find((known) => known === body.verdict);
    const comment = (body.comment ?? '').trim();
    const errors: Record<string, string> = {};
    if (!verdict) errors.verdict = 'Select whether to approve it, ask for changes or reject it';
    else if (verdict !== 'approve' && !comment)
      errors.comment = 'Enter a comment saying what needs to change, or why it is rejected';
    if (comment.length > 5000) errors.comment = 'Comment must be 5,000 characters or fewer';
    if (Object.keys(errors).length > 0)
      return response
        .status(422)
        .render(
          'review/item',
          await this.itemPage(actor, practiceId, { values: { verdict, comment }, ...formErrors(errors) }),
        );
    const round = Number(body.round);
    await send(this.bus, { type: 'ReviewPractice', practiceId, round, verdict: verdict!, comment }, meta);
    response.redirect(303, '/review');
  }

  private async itemPage(actor: ResolvedActor, practiceId: string, form: Record<string, unknown>) {
    const view = await this.workflow.view(practiceId);
    const versions = await this.workflow.versions(practiceId);
    const current = versions.at(-1)!;
    // The version last reviewed is the one before this revision: each version goes through review.
    const previous = versions.length > 1 ? versions.at(-2)! : undefined;
    // A practice that exists has its owner network.
    const networkId = view.networkId!;
    const owner = await this.facts.network(networkId);
    return {
      title: current.content.title,
      item: view,
      content: current.content,
      ownerName: owner.profile?.name ?? networkId,
      tag: stateTag(view.state),
      bodyHtml: renderMarkdown(current.content.body),
      previous: previous && this.changesSince(previous, current.content),
      cannotReview: cannotReview(actor, { ...view, networkId }),
      verdictItems: [
        { value: 'approve', text: 'Approve' },
        { value: 'request_changes', text: 'Ask for changes' },
        { value: 'reject', text: 'Reject' },
      ],
      ...form,
    };
  }

  /** What changed since `previous`, each paragraph of the description rendered as the catalogue renders it. */
  private changesSince(previous: { version: number; content: PublicContent }, current: PublicContent) {
    const { fields, body } = versionChanges(previous.content, current);
    return {
      version: previous.version,
      fields,
      body: body.map(({ text, change }) => ({ change, html: renderMarkdown(text) })),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { Clock } from '@app/application';
import { NotAllowed, NotFound } from '@app/domain';
import {
  networkMaterial,
  ProjectionRunner,
  readDashboard,
  ResolvedActor,
  reviewQueueFor,
  UnansweredSearches,
} from '@app/read-models';
import { AuthorityRegister } from '@app/reference-data';

/** The Steering Group's dashboard and each seat's review queue, from the read model as of the clock's now. */
@Injectable()
export class DashboardView {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
    private readonly register: AuthorityRegister,
    private readonly searches: UnansweredSearches,
  ) {}

  dashboard() {
    return readDashboard(this.runner.database, {
      now: this.clock.now(),
      register: this.register,
      searches: this.searches,
    });
  }

  /** Only a seat holder of an active network reviews, so only they have a queue (the decider's own rules). */
  reviewQueue(actor: ResolvedActor) {
    if (!actor.seat) throw new NotAllowed('Only Steering Group seat holders have a review queue');
    if (!actor.networkActive) throw new NotAllowed('A suspended or departed network cannot review');
    return reviewQueueFor(this.runner.database, actor.networkId, this.clock.now());
  }

  /** A network's own material in every state, for its members: to anyone else it is not there. */
  material(actor: ResolvedActor, networkId: string) {
    if (actor.networkId !== networkId) throw new NotFound('No such network');
    return { items: networkMaterial(this.runner.database, networkId) };
  }
}

import { Injectable } from '@nestjs/common';
import { Clock, hashToken } from '@app/application';
import { EventStore } from '@app/event-store';
import { OutsideAuditor, ProjectionRunner, ResolvedActor, resolveToken } from '@app/read-models';

/** How long a request with a token the views do not know yet waits for them to catch up with the log. */
const CATCH_UP_MS = 2000;

/** How long a read with `minPosition` waits for the views to include it (API.md). */
const MIN_POSITION_MS = 5000;

type Actor = ResolvedActor | OutsideAuditor;

@Injectable()
export class IdentityService {
  /** Each request's lookup before the bearer guard (the rate limiter's, to know whom to count), for the guard. */
  private readonly lookedUp = new WeakMap<object, { token: string; actor: Actor | undefined }>();

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The actor behind a token; a token issued a moment ago is found once the views include it. With `minPosition`
   * (read-your-writes), the views are first given up to 5 s to include that position.
   */
  async resolve(token: string, minPosition?: bigint, request?: object): Promise<Actor | undefined> {
    if (minPosition !== undefined) await this.runner.waitFor(minPosition, MIN_POSITION_MS);
    else {
      // Found a moment ago for this request: the same answer as a second look (a hash and a join) would give.
      const earlier = request && this.lookedUp.get(request);
      if (earlier?.actor && earlier.token === token) return earlier.actor;
    }
    const tokenHash = hashToken(token);
    const found = resolveToken(this.runner.database, tokenHash, this.clock.now());
    if (found) return found;
    if (!(await this.runner.waitFor(await this.store.headPosition(), CATCH_UP_MS))) return undefined;
    return resolveToken(this.runner.database, tokenHash, this.clock.now());
  }

  /** The actor behind a token as the views have it now, without waiting; `resolve` with the same request reuses it. */
  lookUp(token: string, request: object): Actor | undefined {
    const actor = resolveToken(this.runner.database, hashToken(token), this.clock.now());
    this.lookedUp.set(request, { token, actor });
    return actor;
  }
}

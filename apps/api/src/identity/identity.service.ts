import { Injectable } from '@nestjs/common';
import { Clock, hashToken } from '@app/application';
import { EventStore } from '@app/event-store';
import { OutsideAuditor, ProjectionRunner, ResolvedActor, resolveToken } from '@app/read-models';

/** How long a request with a token the views do not know yet waits for them to catch up with the log. */
const CATCH_UP_MS = 2000;

/** How long a read with `minPosition` waits for the views to include it (API.md). */
const MIN_POSITION_MS = 5000;

@Injectable()
export class IdentityService {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The actor behind a token; a token issued a moment ago is found once the views include it. With `minPosition`
   * (read-your-writes), the views are first given up to 5 s to include that position.
   */
  async resolve(token: string, minPosition?: bigint): Promise<ResolvedActor | OutsideAuditor | undefined> {
    if (minPosition !== undefined) await this.runner.waitFor(minPosition, MIN_POSITION_MS);
    const tokenHash = hashToken(token);
    const found = resolveToken(this.runner.database, tokenHash, this.clock.now());
    if (found) return found;
    if (!(await this.runner.waitFor(await this.store.headPosition(), CATCH_UP_MS))) return undefined;
    return resolveToken(this.runner.database, tokenHash, this.clock.now());
  }
}

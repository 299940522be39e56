import type { ExecutionContext } from '@nestjs/common';
import { NotAllowed } from '@app/domain';
import type { ResolvedActor } from '@app/read-models';
import { AuditorGuard } from './auditor.guard';

const requestOf = (actor: Partial<ResolvedActor>) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ actor }) }) }) as unknown as ExecutionContext;

/**
 * Every member the bearer guard lets through is an auditor by the identity view's rule today (members of active
 * networks), so a non-auditor cannot be made over HTTP yet: the rule is checked here, on the actor.
 */
describe('AuditorGuard', () => {
  const guard = new AuditorGuard();

  it('lets through whom the identity view counts as an auditor', () => {
    expect(guard.canActivate(requestOf({ auditor: true }))).toBe(true);
  });

  it('refuses anyone else as not allowed (403)', () => {
    expect(() => guard.canActivate(requestOf({ auditor: false }))).toThrow(NotAllowed);
  });
});

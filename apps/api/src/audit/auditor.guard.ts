import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { NotAllowed } from '@app/domain';
import type { OutsideAuditor, ResolvedActor } from '@app/read-models';

/**
 * Runs after the bearer guard (which has refused the public, and departed or suspended networks' members unless a
 * motion appointed them): lets through whom the identity view counts as an auditor.
 */
@Injectable()
export class AuditorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<{ actor?: ResolvedActor | OutsideAuditor }>().actor;
    if (!actor?.auditor) throw new NotAllowed('Only auditors may read the audit routes');
    return true;
  }
}

import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { NotAllowed } from '@app/domain';
import { bearerTokenOf } from '@app/infrastructure';
import type { OutsideAuditor, ResolvedActor } from '@app/read-models';
import { IdentityService } from './identity.service';
import { IS_PAGE } from '../pages/page-controller';
import { RouteMetadata } from '../http/route-metadata';

export const IS_PUBLIC = 'connect-and-share:public';

/** Marks a route (or controller) that the public may use without a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const OPEN_TO_AUDITORS = 'connect-and-share:open-to-auditors';

/**
 * Marks a route (or controller) that auditors without an active network may use: those appointed by motion from
 * outside the networks, or members of a network that has since left or been suspended. Every other route refuses them.
 */
export const OpenToAuditors = () => SetMetadata(OPEN_TO_AUDITORS, true);

type AuthenticatedRequest = Request & { actor?: ResolvedActor | OutsideAuditor };

/**
 * The actor the guard resolved for this request: a member of an active network, except on routes marked
 * `@OpenToAuditors()`, which must take `ResolvedActor | OutsideAuditor` instead.
 */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): ResolvedActor => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().actor as ResolvedActor;
});

/** Every route needs a valid bearer token unless it is marked @Public() or is a page. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: RouteMetadata,
    private readonly identity: IdentityService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    // Pages find their person from the session (PageContextGuard), not from a bearer token.
    if (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ||
      this.reflector.get(IS_PAGE, context.getClass())
    )
      return true;
    await this.authenticate(
      context.switchToHttp().getRequest<AuthenticatedRequest>(),
      this.reflector.getAllAndOverride<boolean>(OPEN_TO_AUDITORS, targets) === true,
    );
    return true;
  }

  /** Sets `request.actor` from the bearer token, or refuses: 401 without a valid one, 403 for a departed network. */
  async authenticate(request: AuthenticatedRequest, openToAuditors = false): Promise<void> {
    const token = bearerTokenOf(request);
    if (!token)
      throw new UnauthorizedException('This route needs an access token: Authorization: Bearer <token>');
    const minPosition = request.query.minPosition;
    const actor = await this.identity.resolve(
      token,
      typeof minPosition === 'string' && /^\d{1,19}$/.test(minPosition) ? BigInt(minPosition) : undefined,
      request,
    );
    if (!actor) throw new UnauthorizedException('The access token is unknown, expired or revoked');
    // Leaving or suspension ends the members' access to members' routes; reinstatement restores it. An auditor
    // appointed by motion keeps the routes open to auditors.
    if (!actor.networkActive && !(actor.auditor && openToAuditors))
      throw new NotAllowed(
        actor.networkId === null
          ? 'An auditor appointed from outside the networks may use the audit routes only'
          : "A departed or suspended network's members no longer have access",
      );
    request.actor = actor;
  }
}

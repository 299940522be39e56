import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { NotAllowed } from '@app/domain';
import type { ResolvedActor } from '@app/read-models';
import { IdentityService } from './identity.service';
import { IS_PAGE } from '../pages/page-controller';

export const IS_PUBLIC = 'connect-and-share:public';

/** Marks a route (or controller) that the public may use without a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

type AuthenticatedRequest = Request & { actor?: ResolvedActor };

/** The actor the guard resolved for this request. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): ResolvedActor => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().actor!;
});

/** The bearer token a request carries, if it carries one of a token's shape. */
export function bearerTokenOf(request: Request): string | undefined {
  return /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.authorization ?? '')?.[1];
}

/** Every route needs a valid bearer token unless it is marked @Public() or is a page. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
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
    await this.authenticate(context.switchToHttp().getRequest<AuthenticatedRequest>());
    return true;
  }

  /** Sets `request.actor` from the bearer token, or refuses: 401 without a valid one, 403 for a departed network. */
  async authenticate(request: AuthenticatedRequest): Promise<void> {
    const token = bearerTokenOf(request);
    if (!token)
      throw new UnauthorizedException('This route needs an access token: Authorization: Bearer <token>');
    const minPosition = request.query.minPosition;
    const actor = await this.identity.resolve(
      token,
      typeof minPosition === 'string' && /^\d{1,19}$/.test(minPosition) ? BigInt(minPosition) : undefined,
    );
    if (!actor) throw new UnauthorizedException('The access token is unknown, expired or revoked');
    // Leaving or suspension ends the members' access to members' routes; reinstatement restores it.
    if (!actor.networkActive)
      throw new NotAllowed("A departed or suspended network's members no longer have access");
    request.actor = actor;
  }
}

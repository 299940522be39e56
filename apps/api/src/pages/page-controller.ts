import {
  applyDecorators,
  ArgumentsHost,
  CanActivate,
  Catch,
  Controller,
  ExceptionFilter,
  ExecutionContext,
  Injectable,
  Logger,
  SetMetadata,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { NotAllowed } from '@app/domain';
import { toProblem } from '../http/problem-details.filter';
import { renderErrorPage } from './errors/error-page';
import { PageContextGuard, type PageRequest } from './page-context.guard';

/** Marks page controllers: the bearer guard lets them through (a page's person comes from its session). */
export const IS_PAGE = 'connect-and-share:page';

/** Thrown when a members' page is asked for without a session: the answer is the sign-in page. */
export class SignInRequired extends Error {}

/** Every error on a page is a page in the service's design; a members' page without a session sends to sign in. */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(PageErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<PageRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.originalUrl)}` : '';
      return response.redirect(303, `/sign-in${next}`);
    }
    const { status } = toProblem(exception);
    if (status >= 500) this.logger.error(exception);
    renderErrorPage(request, response, status);
  }
}

/**
 * A controller of HTML pages, at the site's root: `@PageController('practices')`, then `@Get(':id') @Render(…)`.
 * Its requests go through `PageContextGuard` (session, signed-in person, CSRF on every form) and its errors are
 * pages. Left out of the OpenAPI document.
 */
export function PageController(path = ''): ClassDecorator {
  return applyDecorators(
    Controller(path),
    SetMetadata(IS_PAGE, true),
    UseGuards(PageContextGuard),
    UseFilters(PageErrorFilter),
    ApiExcludeController(),
  );
}

/** `@UseGuards(SignedIn)` on a members' page (after the page guard): only with a session of an active network. */
@Injectable()
export class SignedIn implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<PageRequest>().actor;
    if (!actor) throw new SignInRequired();
    if (!actor.networkActive)
      throw new NotAllowed("A departed or suspended network's members no longer have access");
    return true;
  }
}

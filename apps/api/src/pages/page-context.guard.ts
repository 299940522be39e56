import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import nunjucks from 'nunjucks';
import { Clock } from '@app/application';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ProjectionRunner, resolveToken, type ResolvedActor } from '@app/read-models';
import { PageSession, PageSessions, SESSION_ID } from './session/page-sessions';
import { navigationFor } from './navigation';
import { sameSecret } from '@app/infrastructure';

const SESSION_COOKIE = 'cns_session';
/** The hidden field of every form that posts (`{{ csrfField() }}` writes it). */
const CSRF_FIELD = 'csrf';

/** A page request once the guard has run: its session, and the signed-in person (as the bearer guard sets it). */
export interface PageRequest extends Request {
  pageSession?: PageSession;
  actor?: ResolvedActor;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sessionIdOf(request: Request): string | undefined {
  const value = /(?:^|;\s*)cns_session=([^;]*)/.exec(request.headers.cookie ?? '')?.[1];
  return value && SESSION_ID.test(value) ? value : undefined;
}

/**
 * Runs before every page (`@PageController`): finds the browser's session and the person signed in with it,
 * checking their token on each request (revoked, expired or removed ends the session), and refuses any form
 * posted without the session's CSRF token (synchronizer token) before the handler runs, so nothing is written.
 * Templates get `signedIn`, `csrfField()` and `csrfToken()` (which start an anonymous session for a public form
 * when needed),
 * `currentPath` and the members' navigation.
 */
@Injectable()
export class PageContextGuard implements CanActivate {
  constructor(
    private readonly sessions: PageSessions,
    private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<PageRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const sessionId = sessionIdOf(request);
    let session = sessionId ? this.sessions.find(sessionId) : undefined;
    if (session?.tokenHash) {
      const resolved = resolveToken(this.runner.database, session.tokenHash, this.clock.now());
      // An auditor appointed from outside the networks has no pages yet: their token opens the API's audit routes.
      request.actor = resolved?.networkId ? resolved : undefined;
      if (!request.actor) {
        this.sessions.end(session);
        response.clearCookie(SESSION_COOKIE, this.cookieOptions(request));
        session = undefined;
      }
    }
    request.pageSession = session;
    if (!SAFE_METHODS.has(request.method)) {
      // A file upload's body is read by its handler, after this: its form carries the token in its action's query.
      const given: unknown = request.is('multipart/form-data')
        ? request.query[CSRF_FIELD]
        : (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (!session || !sameSecret(given, session.csrfToken))
        throw new ForbiddenException('The form was sent without its security token, or from another session');
    }
    Object.assign(response.locals, {
      signedIn: request.actor,
      currentPath: request.path,
      memberNavigation: navigationFor(request.actor),
      csrfToken: () => this.ensureSession(request, response).csrfToken,
      csrfField: () =>
        new nunjucks.runtime.SafeString(
          `<input type="hidden" name="${CSRF_FIELD}" value="${this.ensureSession(request, response).csrfToken}">`,
        ),
    });
    return true;
  }

  /**
   * Starts a session and sets its cookie: signed in as `actor` with the token whose hash is given (sign-in, claim),
   * else anonymous. A session it replaces ends (a new id on signing in: no fixation).
   */
  startSession(
    request: PageRequest,
    response: Response,
    signedIn?: { tokenHash: string; actor: ResolvedActor },
  ): PageSession {
    if (request.pageSession) this.sessions.end(request.pageSession);
    const { sessionId, session } = this.sessions.start(signedIn?.tokenHash);
    response.cookie(SESSION_COOKIE, sessionId, {
      ...this.cookieOptions(request),
      expires: new Date(session.expiresAt),
    });
    request.pageSession = session;
    if (signedIn) {
      request.actor = signedIn.actor;
      Object.assign(response.locals, {
        signedIn: signedIn.actor,
        memberNavigation: navigationFor(signedIn.actor),
      });
    }
    return session;
  }

  endSession(request: PageRequest, response: Response): void {
    if (request.pageSession) this.sessions.end(request.pageSession);
    request.pageSession = undefined;
    request.actor = undefined;
    response.clearCookie(SESSION_COOKIE, this.cookieOptions(request));
  }

  private ensureSession(request: PageRequest, response: Response): PageSession {
    return request.pageSession ?? this.startSession(request, response);
  }

  /** Secure when the request came over HTTPS, or the service's public address is HTTPS (behind a proxy). */
  private cookieOptions(request: Request): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: request.secure || this.config.publicUrl.startsWith('https:'),
    };
  }
}

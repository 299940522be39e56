import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import {
  ConflictOfInterest,
  CredentialShownOnce,
  DomainError,
  Gone,
  NotAllowed,
  NotFound,
  RuleBroken,
  WrongState,
} from '@app/domain';
import {
  InvalidEventError,
  StoreUnavailableError,
  TamperedStreamError,
  WrongExpectedVersionError,
} from '@app/event-store';
import { fromHttpException, problem, ProblemDetails } from './problem-details';
import { renderErrorPage, wantsPage } from '../pages/errors/error-page';
import { isApiPath } from '../pages/views';

/** The one place where errors become HTTP statuses. */
const DOMAIN_STATUS: Array<[new (...args: never[]) => DomainError, number]> = [
  [NotAllowed, 403],
  [NotFound, 404],
  [Gone, 410],
  [WrongState, 409],
  [CredentialShownOnce, 409],
  [ConflictOfInterest, 422],
  [RuleBroken, 422],
];

/** Seconds to wait before a retry while the event store is away: a restart or leader election takes a few. */
const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * Errors that body-parser raises before a route runs, with their own status and `type` (`jsonBody` answers the JSON
 * syntax errors among them as `MalformedJson`).
 */
interface BodyParserError extends Error {
  status: number;
  type: string;
}
function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    error instanceof Error &&
    typeof (error as BodyParserError).status === 'number' &&
    typeof (error as BodyParserError).type === 'string'
  );
}

export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof DomainError) {
    const status = DOMAIN_STATUS.find(([type]) => exception instanceof type)?.[1] ?? 422;
    const code = exception instanceof RuleBroken ? exception.rule : exception.code;
    return problem(status, code, exception.message);
  }
  if (exception instanceof WrongExpectedVersionError) {
    return problem(
      409,
      'concurrent-change',
      'Someone else changed this at the same time; read it again and retry',
    );
  }
  if (exception instanceof ThrottlerException) {
    return problem(
      429,
      'rate-limited',
      'Too many requests from this caller; retry after Retry-After seconds',
    );
  }
  if (exception instanceof StoreUnavailableError) {
    return problem(
      503,
      'store-unavailable',
      'The event store is briefly unavailable; retry after Retry-After seconds',
    );
  }
  if (exception instanceof TamperedStreamError) {
    // Not 503: the stream's history fails verification, and retrying will not mend it.
    return problem(
      500,
      'log-integrity',
      `Writes to ${exception.failure.stream} are refused: its history fails verification`,
    );
  }
  if (exception instanceof InvalidEventError) return problem(400, 'invalid-event', exception.message);
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isBodyParserError(exception)) {
    if (exception.type === 'entity.too.large')
      return problem(413, 'body-too-large', 'The request body is too large');
    return problem(exception.status, exception.type.replace(/\./g, '-'), exception.message);
  }
  return problem(500, 'internal', 'Something went wrong on our side; it has been logged');
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toProblem(exception);
    if (body.status >= 500) this.logger.error(exception);
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof StoreUnavailableError) {
      response.setHeader('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
    }
    // A browser outside the API (an unknown page, a form too large) gets a page; /api/v1 always problem+json.
    const request = host.switchToHttp().getRequest<Request>();
    if (!isApiPath(request.path) && wantsPage(request))
      return renderErrorPage(request, response, body.status);
    response.status(body.status).type('application/problem+json').json(body);
  }
}

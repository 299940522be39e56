import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  ParseUUIDPipe,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { isUUID } from 'class-validator';
import type { Request } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { FieldError, ValidationFailed } from './problem-details';

/** A route parameter as `@Param(name, …pipes)` records it. */
interface RouteArg {
  data?: unknown;
  pipes?: unknown[];
}

/**
 * Path ids that `ParseUUIDPipe` refused, answered as a validation problem naming the parameter: the pipe's own
 * error does not say which one it was. The route's parameter metadata tells which parameters the pipe checks.
 */
@Injectable()
export class PathParamErrors implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => named(error, context))));
  }
}

function named(error: unknown, context: ExecutionContext): unknown {
  if (!(error instanceof BadRequestException) || error instanceof ValidationFailed) return error;
  const args: Record<string, RouteArg> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {};
  const params = context.switchToHttp().getRequest<Request>().params;
  const refused: FieldError[] = Object.entries(args)
    .filter(([key]) => key.startsWith(`${RouteParamtypes.PARAM}:`))
    .map(([, arg]) => arg)
    .filter(
      ({ data, pipes = [] }) => typeof data === 'string' && pipes.some(isUuidPipe) && !isUUID(params[data]),
    )
    .map(({ data }) => ({ field: String(data), rule: 'uuid', message: `${String(data)} must be a UUID` }));
  return refused.length > 0 ? new ValidationFailed(refused) : error;
}

const isUuidPipe = (pipe: unknown) => pipe === ParseUUIDPipe || pipe instanceof ParseUUIDPipe;

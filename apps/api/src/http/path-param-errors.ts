import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  ParseUUIDPipe,
  Type,
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
  const params = context.switchToHttp().getRequest<Request>().params;
  const refused: FieldError[] = uuidParams(context.getClass(), context.getHandler().name)
    .filter((name) => !isUUID(params[name]))
    .map((name) => ({ field: name, rule: 'uuid', message: `${name} must be a UUID` }));
  return refused.length > 0 ? new ValidationFailed(refused) : error;
}

/** The path parameters of a route that `ParseUUIDPipe` checks, as its parameter metadata tells. */
export function uuidParams(controller: Type, method: string): string[] {
  const args: Record<string, RouteArg> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {};
  return Object.entries(args)
    .filter(([key]) => key.startsWith(`${RouteParamtypes.PARAM}:`))
    .map(([, arg]) => arg)
    .filter(({ data, pipes = [] }) => typeof data === 'string' && pipes.some(isUuidPipe))
    .map(({ data }) => String(data));
}

const isUuidPipe = (pipe: unknown) => pipe === ParseUUIDPipe || pipe instanceof ParseUUIDPipe;

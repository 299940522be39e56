import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { PathParamErrors, uuidParams } from './path-param-errors';

const WRITES = new Set([
  RequestMethod.POST,
  RequestMethod.PUT,
  RequestMethod.PATCH,
  RequestMethod.DELETE,
  RequestMethod.ALL,
]);

/**
 * The API's interceptors, each on the routes it has work on rather than on every route: for each interceptor on a
 * route, Nest wraps every request in an rxjs pipeline and an AsyncResource, about a tenth of a constant GET's time
 * even when the interceptor only passes it on. Idempotency on writes, the naming of refused path ids on routes
 * that parse one as a UUID; ahead of a route's own interceptors, as when they were global. Called before the
 * application is initialised, when Nest reads the routes' interceptors.
 */
export function useRouteInterceptors(app: INestApplication): void {
  const idempotency = app.get(IdempotencyInterceptor);
  const pathParamErrors = new PathParamErrors();
  const scanner = new MetadataScanner();
  for (const module of app.get(ModulesContainer).values())
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler: unknown = controller.prototype[name];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler)) continue;
        const own: unknown[] = Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? [];
        // A handler inherited by two controllers is one function: it gets them once.
        if (own.includes(idempotency) || own.includes(pathParamErrors)) continue;
        const wanted = [
          ...(WRITES.has(Reflect.getMetadata(METHOD_METADATA, handler)) ? [idempotency] : []),
          ...(uuidParams(controller, name).length > 0 ? [pathParamErrors] : []),
        ];
        if (wanted.length > 0) Reflect.defineMetadata(INTERCEPTORS_METADATA, [...wanted, ...own], handler);
      }
    }
}

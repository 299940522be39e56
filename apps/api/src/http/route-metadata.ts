import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/** A handler or a controller class, as Nest's own signatures take them. */
type Target = Parameters<Reflector['get']>[1];

/**
 * Nest's `Reflector` for guards that run on every request: a route's metadata is fixed once the app is built, so
 * each key is read once per (handler, controller) and then answered from memory. The throttler asks for twenty
 * keys a request (five options of four named limits, on the handler and the class): 7% of a constant GET's time.
 */
@Injectable()
export class RouteMetadata extends Reflector {
  private readonly byHandler = new WeakMap<Target, WeakMap<Target, Map<unknown, unknown>>>();

  override getAllAndOverride<T = unknown>(key: unknown, targets: Target[]): T {
    const [handler, controller] = targets;
    if (targets.length !== 2 || !handler || !controller)
      return super.getAllAndOverride<T>(key as string, targets);
    let byController = this.byHandler.get(handler);
    if (!byController) this.byHandler.set(handler, (byController = new WeakMap()));
    let values = byController.get(controller);
    if (!values) byController.set(controller, (values = new Map()));
    if (!values.has(key)) values.set(key, super.getAllAndOverride(key as string, targets));
    return values.get(key) as T;
  }
}

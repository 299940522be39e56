import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { FieldError, MalformedJson, ValidationFailed } from './problem-details';

/**
 * Bounds on the shape of request input, checked before validation: class-transformer and class-validator recurse
 * and cost time per key, so a small body with 20,000 keys or 40,000 levels would otherwise cost seconds, or the stack.
 */
export const INPUT_LIMITS = { keysPerObject: 200, depth: 32, arrayLength: 1_000, values: 10_000 };

/** Keys that reach an object's prototype when input is merged or assigned. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** C0 controls but tab, LF and CR; DEL; a surrogate without its pair. */
const CONTROL_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- finding these characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * JSON bodies parsed with `limit`, then the body and the query string checked once for every route: bounded shape,
 * no prototype keys, no control characters. A body that does not parse is `MalformedJson`, nothing of it echoed.
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = json({ limit });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.parse.failed')
        return next(new MalformedJson());
      if (error) return next(error);
      const errors = [...inputErrors(req.body), ...inputErrors(req.query)];
      next(errors.length > 0 ? new ValidationFailed(errors) : undefined);
    });
}

/**
 * What breaks the bounds, as `errors[]` entries whose field is the dotted path (`''` for the whole input). Walked
 * with a stack of its own, not recursion, so that depth costs no call stack; a value over a bound is not entered.
 */
export function inputErrors(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const pending: Array<{ value: unknown; path: string; depth: number }> = [
    { value: input, path: '', depth: 0 },
  ];
  const { keysPerObject, depth: maxDepth, arrayLength, values } = INPUT_LIMITS;
  for (let seen = 0; pending.length > 0; seen++) {
    if (seen === values) {
      errors.push(fieldError('', 'maxValues', `The input holds more than ${values} values`));
      break;
    }
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (CONTROL_CHARACTERS.test(value))
        errors.push(
          fieldError(path, 'noControlCharacters', `${name(path)} must not contain control characters`),
        );
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth === maxDepth) {
      errors.push(fieldError(path, 'maxDepth', `${name(path)} is nested more than ${maxDepth} levels deep`));
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > arrayLength)
        errors.push(fieldError(path, 'arrayMaxSize', `${name(path)} has more than ${arrayLength} items`));
      else
        for (let index = value.length - 1; index >= 0; index--)
          pending.push({ value: value[index], path: join(path, String(index)), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > keysPerObject) {
      errors.push(fieldError(path, 'maxKeys', `${name(path)} has more than ${keysPerObject} keys`));
      continue;
    }
    for (const key of keys.reverse()) {
      const field = join(path, key);
      if (PROTOTYPE_KEYS.has(key))
        errors.push(fieldError(field, 'forbiddenKey', `"${key}" is not allowed as a key`));
      else if (CONTROL_CHARACTERS.test(key))
        errors.push(fieldError(field, 'noControlCharacters', 'A key must not contain control characters'));
      else pending.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return errors;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const name = (path: string) => (path ? path : 'The input');
const fieldError = (field: string, rule: string, message: string): FieldError => ({ field, rule, message });

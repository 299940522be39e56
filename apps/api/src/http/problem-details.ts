import {
  BadRequestException,
  HttpException,
  HttpStatus,
  ValidationError,
  ValidationPipe,
  type ValidationPipeOptions,
} from '@nestjs/common';

/** One failed rule of one field, as API.md's `errors[]` lists them. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

/** An RFC 9457 problem document. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

/** At most this many entries in `errors[]`: a body built to fail everywhere gets a short answer. */
export const MAX_FIELD_ERRORS = 20;

/** Request input that breaks its rules: 400 with the failed rules named, the first `MAX_FIELD_ERRORS` of them. */
export class ValidationFailed extends BadRequestException {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    const unlisted = errors.length - MAX_FIELD_ERRORS;
    super(
      `${errors.length} field${errors.length === 1 ? '' : 's'} failed validation` +
        (unlisted > 0 ? `; the first ${MAX_FIELD_ERRORS} are listed, ${unlisted} more are not` : ''),
    );
    this.errors = errors.slice(0, MAX_FIELD_ERRORS);
  }
}

/** A body that does not parse as JSON; nothing of it is echoed. */
export class MalformedJson extends BadRequestException {
  constructor() {
    super('The request body is not valid JSON');
  }
}

/** class-validator's nested errors as a flat list of field paths and rules. */
export function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Validation for every body and query: unknown properties are refused, not dropped. */
export function validationPipe(options: ValidationPipeOptions = {}): ValidationPipe {
  return new ValidationPipe({
    ...options,
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailed(flatten(errors)),
  });
}

export function problem(status: number, code: string, detail: string, errors?: FieldError[]): ProblemDetails {
  const title =
    (HttpStatus as unknown as Record<number, string>)[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error';
  return {
    type: `/problems/${code}`,
    title: title.charAt(0).toUpperCase() + title.slice(1),
    status,
    detail,
    ...(errors ? { errors } : {}),
  };
}

/** A Nest HttpException (guards, pipes, routing) as a problem. */
export function fromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  if (exception instanceof ValidationFailed)
    return problem(status, 'validation', exception.message, exception.errors);
  if (exception instanceof MalformedJson) return problem(status, 'malformed-json', exception.message);
  const code =
    (HttpStatus as unknown as Record<number, string>)[status]?.toLowerCase().replace(/_/g, '-') ?? 'error';
  return problem(status, code, exception.message);
}

import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Where a credential can ride in a request or its answer: their values never reach the log. A redirect's location
 * can carry a mailed link's token on to its page (the one-click unsubscribe link, opened in a browser).
 */
const CREDENTIAL_HEADERS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'res.headers.location',
];

/** The service's one pino logger, to `destination` (stdout by default), credentials redacted. */
export function serviceLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: CREDENTIAL_HEADERS, censor: '[redacted]' } }, destination);
}

/**
 * One line per request (but health checks) once it has ended, as pino-http wrote it: the request without its query
 * string (where mailed links carry tokens and codes), the answer's status and headers, the time taken. The line is
 * built only when it is written, from what the request holds then: pino-http made a child logger for every request
 * before it ran, serialising and redacting the request even with info lines off, and nestjs-pino ran each request
 * in an AsyncLocalStorage, which puts a hook on every promise the process makes.
 */
export function requestLog(logger: Logger) {
  let lastId = 0;
  return (request: Request, response: Response, next: NextFunction): void => {
    const id = ++lastId;
    if (!logger.isLevelEnabled('info') || request.originalUrl === '/health') return next();
    const started = Date.now();
    // 'close' follows 'finish', or comes alone when the connection ends before the answer does.
    response.once('close', () => {
      const { method, originalUrl, headers, socket } = request;
      const req = {
        id,
        method,
        url: originalUrl.split('?')[0],
        headers,
        remoteAddress: socket.remoteAddress,
        remotePort: socket.remotePort,
      };
      const res = { statusCode: response.statusCode, headers: response.getHeaders() };
      const message = !response.writableFinished
        ? 'request aborted'
        : response.statusCode >= 500
          ? 'request errored'
          : 'request completed';
      logger.info({ req, res, responseTime: Date.now() - started }, message);
    });
    next();
  };
}

const REQUEST_LOGGER = Symbol('request logger');

/** The request log, on every route. */
@Module({})
export class RequestLogModule implements NestModule {
  static forRoot(logger: Logger): DynamicModule {
    return { module: RequestLogModule, providers: [{ provide: REQUEST_LOGGER, useValue: logger }] };
  }

  constructor(@Inject(REQUEST_LOGGER) private readonly logger: Logger) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestLog(this.logger)).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}

import type { Options } from 'pino-http';

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

/** A logged request: what it asked for, without the query string, where mailed links carry tokens and codes. */
interface LoggedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, unknown>;
  remoteAddress: string;
  remotePort: number;
}

/** pino-http's settings: one line per request (but health checks), credentials and query strings left out. */
export function requestLogOptions(level: string): Options {
  return {
    level,
    autoLogging: { ignore: (req) => req.url === '/health' },
    redact: { paths: CREDENTIAL_HEADERS, censor: '[redacted]' },
    serializers: {
      req: ({ id, method, url, headers, remoteAddress, remotePort }: LoggedRequest): LoggedRequest => ({
        id,
        method,
        url: url.split('?')[0],
        headers,
        remoteAddress,
        remotePort,
      }),
    },
  };
}

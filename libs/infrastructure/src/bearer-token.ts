import type { IncomingHttpHeaders } from 'node:http';

/** The bearer token a request carries, if it carries one of a token's shape. */
export function bearerTokenOf(request: { headers: IncomingHttpHeaders }): string | undefined {
  return /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.authorization ?? '')?.[1];
}

import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers (nosniff, frame protection, no referrer, HSTS behind HTTPS, …) with a CSP that `/docs` works
 * under: same-origin scripts only, inline styles allowed because Swagger UI writes some, images also as data: URLs
 * (its icons). No framing, no plugins, forms post back to the service. `upgrade-insecure-requests` is left out: it
 * would break the service on plain HTTP (the embedded default, and tests). The one inline script of the GOV.UK page
 * template (it marks the body as having JavaScript) runs by the response's nonce, `res.locals.cspNonce`; JSON
 * answers under `/api/` have no nonce, as they have no page to run a script in (and a random nonce costs each request).
 */
const DIRECTIVES = {
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'upgrade-insecure-requests': null,
};
const HELMET = {
  frameguard: { action: 'deny' },
  // Mailed links carry codes in their paths: none leaks to another site through Referer.
  referrerPolicy: { policy: 'no-referrer' },
} as const;

const withNonce = helmet({
  ...HELMET,
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      ...DIRECTIVES,
      'script-src': ["'self'", (_request, response) => `'nonce-${(response as Response).locals.cspNonce}'`],
    },
  },
});

/** The JSON API's answers are never pages: no inline script to allow, so the policy is one string made once. */
const withoutNonce = helmet({
  ...HELMET,
  contentSecurityPolicy: { useDefaults: true, directives: { ...DIRECTIVES, 'script-src': ["'self'"] } },
});

export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  if (request.path.startsWith('/api/')) return withoutNonce(request, response, next);
  response.locals.cspNonce = randomBytes(16).toString('base64');
  withNonce(request, response, next);
}

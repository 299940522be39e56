import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers (nosniff, frame protection, no referrer, HSTS behind HTTPS, …) with a CSP that `/docs` works
 * under: same-origin scripts only, inline styles allowed because Swagger UI writes some, images also as data: URLs
 * (its icons). No framing, no plugins, forms post back to the service. `upgrade-insecure-requests` is left out: it
 * would break the service on plain HTTP (the embedded default, and tests). The one inline script of the GOV.UK page
 * template (it marks the body as having JavaScript) runs by the response's nonce, `res.locals.cspNonce`.
 */
const helmetHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      'script-src': ["'self'", (_request, response) => `'nonce-${(response as Response).locals.cspNonce}'`],
      'frame-ancestors': ["'none'"],
      'img-src': ["'self'", 'data:'],
      'upgrade-insecure-requests': null,
    },
  },
  frameguard: { action: 'deny' },
  // Mailed links carry codes in their paths: none leaks to another site through Referer.
  referrerPolicy: { policy: 'no-referrer' },
});

export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.locals.cspNonce = randomBytes(16).toString('base64');
  helmetHeaders(request, response, next);
}

import helmet from 'helmet';

/**
 * helmet's headers (nosniff, frame protection, no referrer, HSTS behind HTTPS, …) with a CSP that `/docs` works
 * under: same-origin scripts only, inline styles allowed because Swagger UI writes some, images also as data: URLs
 * (its icons). No framing, no plugins, forms post back to the service. `upgrade-insecure-requests` is left out: it
 * would break the service on plain HTTP (the embedded default, and tests).
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      'frame-ancestors': ["'none'"],
      'img-src': ["'self'", 'data:'],
      'upgrade-insecure-requests': null,
    },
  },
  frameguard: { action: 'deny' },
  // Mailed links carry codes in their paths: none leaks to another site through Referer.
  referrerPolicy: { policy: 'no-referrer' },
});

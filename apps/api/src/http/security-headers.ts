import type { NextFunction, Request, Response } from 'express';

/**
 * Same-origin scripts only; inline styles allowed because Swagger UI (`/docs`) writes some. Images may be data: URLs
 * (Swagger UI's icons). No framing, no plugins, forms post back to the service.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' https: data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' https: 'unsafe-inline'",
].join('; ');

/**
 * The headers of helmet's defaults that matter here, on every response. A stand-in until helmet is a dependency:
 * `app.use(helmet({ contentSecurityPolicy: { directives: … } }))` replaces it.
 */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // Mailed links carry codes in their paths: none leaks to another site through Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}

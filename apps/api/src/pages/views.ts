import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import nunjucks from 'nunjucks';

/** The templates: one folder per area beside its page controllers, with the layout and error pages at the top. */
const PAGES_DIR = __dirname;
/** govuk-frontend's `dist`: its macros (`govuk/components/…/macro.njk`), styles, scripts, fonts and images. */
const GOVUK_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** Paths the JSON API and the machine-readable routes own: no sessions, no forms, problem+json for errors. */
export function isApiPath(path: string): boolean {
  return /^\/(?:api\/|docs(?:-json)?(?:\/|$)|health$|metrics$|catalogue\.)/.test(path);
}

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});
const POUNDS = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  maximumFractionDigits: 0,
});

/** `{{ item.publishedAt | date }}` → "2 December 2026", in UK time. */
export const formatDate = (value: string | Date) => DATE.format(new Date(value));
export const formatDateTime = (value: string | Date) => DATE_TIME.format(new Date(value));
/** `{{ amount | pounds }}` → "£1,234,567". */
export const formatPounds = (value: number) => POUNDS.format(value);
/** `{{ bytes | fileSize }}` → "340 KB", "1.2 MB". */
export const formatFileSize = (bytes: number) =>
  bytes < 1_000_000
    ? `${Math.max(1, Math.round(bytes / 1_000))} KB`
    : `${(bytes / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;

/**
 * Server-side pages: Nunjucks over our templates and govuk-frontend's, rendered by Nest (`@Render`), with the
 * Design System's assets served from the package (nothing from a CDN) and HTML forms parsed for page routes only.
 * The form body then goes through the same input check as JSON (`jsonBody`, registered after this).
 */
export function configureViews(app: NestExpressApplication): void {
  const env = nunjucks.configure([PAGES_DIR, GOVUK_DIST], {
    autoescape: true,
    express: app.getHttpAdapter().getInstance(),
    // Templates are read once per process: they only change with a new build.
    noCache: false,
  });
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('pounds', formatPounds);
  env.addFilter('fileSize', formatFileSize);
  app.setViewEngine('njk');
  // Express looks a view up on each render unless told to keep it (it does in production only by default).
  app.getHttpAdapter().getInstance().enable('view cache');
  // The CSS asks for its fonts and images under /assets; the stylesheet, the module script and our init beside them.
  app.useStaticAssets(join(GOVUK_DIST, 'govuk/assets'), { prefix: '/assets', index: false });
  app.useStaticAssets(join(PAGES_DIR, 'assets'), { prefix: '/assets', index: false });
  const express = app.getHttpAdapter().getInstance();
  for (const file of ['govuk-frontend.min.css', 'govuk-frontend.min.js'])
    express.get(`/assets/${file}`, (_request: Request, response: Response) =>
      response.sendFile(join(GOVUK_DIST, 'govuk', file)),
    );
  const forms = urlencoded({ extended: false, limit: '256kb', parameterLimit: 1000 });
  app.use((request: Request, response: Response, next: NextFunction) =>
    isApiPath(request.path) ? next() : forms(request, response, next),
  );
}

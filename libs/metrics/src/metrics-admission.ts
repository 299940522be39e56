import { sameSecret } from '@app/infrastructure';

/** IPv4 loopback (also as an IPv4-mapped IPv6 address) or IPv6 loopback. X-Forwarded-For is not trusted. */
const LOOPBACK = /^(?:(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1)$/;

/**
 * Who may scrape `/metrics`, on the API and the worker alike: with `METRICS_TOKEN` set, a bearer of that token from
 * anywhere; without it, callers on this machine only (a scraper beside the service, or a proxy that checks a token).
 */
export function metricsAdmission(
  remoteAddress: string | undefined,
  bearerToken: string | undefined,
  metricsToken: string | undefined,
): 'allowed' | 'forbidden' | 'unauthorized' {
  if (!metricsToken) return LOOPBACK.test(remoteAddress ?? '') ? 'allowed' : 'forbidden';
  return sameSecret(bearerToken, metricsToken) ? 'allowed' : 'unauthorized';
}

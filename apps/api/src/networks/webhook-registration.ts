import { randomBytes } from 'node:crypto';
import { isURL } from 'class-validator';
import type { AppConfig } from '@app/config';
import { WEBHOOK_URL } from './networks.dto';

/** Whether deliveries may go to `url`: HTTPS on a public name, unless `WEBHOOK_ALLOW_PRIVATE` (tests) lets more. */
export function webhookUrlAllowed(url: string, config: Pick<AppConfig, 'webhookAllowPrivate'>): boolean {
  return config.webhookAllowPrivate || isURL(url, WEBHOOK_URL);
}

/** A Standard Webhooks signing secret: the key's bytes in standard base64 (its clients decode that, not base64url). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isPublicAddress, NonPublicTarget, publicOnlyLookup } from './public-address';

/** Standard Webhooks: any 2xx within this long is success. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface SignedMessage {
  /** `webhook-id`: the same on every attempt and redelivery, so a receiver can drop a repeat. */
  id: string;
  timestamp: Date;
  body: string;
}

/** `v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>` with the secret's bytes (base64 after `whsec_`). */
export function signature(secret: string, { id, timestamp, body }: SignedMessage): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const seconds = Math.floor(timestamp.getTime() / 1000);
  return `v1,${createHmac('sha256', key).update(`${id}.${seconds}.${body}`).digest('base64')}`;
}

export interface WebhookTargets {
  /** `WEBHOOK_ALLOW_PRIVATE`: plain HTTP and non-public addresses too (tests deliver to loopback). */
  allowPrivate: boolean;
}

/**
 * POSTs signed messages: HTTPS to public addresses only (checked on the addresses the socket connects to), never
 * following a redirect (a 3xx is an answer that is not success), answered within `WEBHOOK_TIMEOUT_MS` or failed.
 * Connections are kept alive per process, as a receiver gets many deliveries.
 */
export class WebhookSender {
  private readonly https: HttpsAgent;
  private readonly http: HttpAgent;

  constructor(private readonly targets: WebhookTargets) {
    const lookup = targets.allowPrivate ? undefined : publicOnlyLookup;
    this.https = new HttpsAgent({ keepAlive: true, lookup });
    this.http = new HttpAgent({ keepAlive: true, lookup });
  }

  /** The receiver's status; throws when no answer came (refused target, network error, timeout). */
  async post(url: string, secret: string, message: SignedMessage): Promise<number> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    if (!secure && !(this.targets.allowPrivate && target.protocol === 'http:'))
      throw new NonPublicTarget(`${target.protocol} is not allowed: webhooks go to https:// URLs only`);
    // A literal address is never looked up: it is checked here instead.
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (!this.targets.allowPrivate && isIP(literal) && !isPublicAddress(literal))
      throw new NonPublicTarget(`${literal} is not a public address`);
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(message.body),
      'user-agent': 'Connect-and-Share-Webhooks/1',
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
      'webhook-signature': signature(secret, message),
    };
    const request = secure ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const outgoing = request(target, {
        method: 'POST',
        headers,
        agent: secure ? this.https : this.http,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      outgoing.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      });
      outgoing.on('error', (error) =>
        reject(error.name === 'AbortError' ? new Error(`No answer within ${WEBHOOK_TIMEOUT_MS} ms`) : error),
      );
      outgoing.end(message.body);
    });
  }

  close(): void {
    this.https.destroy();
    this.http.destroy();
  }
}

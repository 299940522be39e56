import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { practiceContent } from '../fixtures/practice-content';
import type { RunningApi } from './running-api';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Held this long before answering (a slow receiver, or one a worker dies in the middle of). */
  delayMs?: number;
}

/** A webhook receiver on loopback: records every request and answers as `answer` says (200 by default). */
export class WebhookReceiver {
  readonly received: Received[] = [];
  answer: (request: Received, earlier: Received[]) => Answer = () => ({ status: 200 });
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new WebhookReceiver(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    );
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = {
          path: request.url ?? '/',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        const earlier = receiver.at(received.path);
        receiver.received.push(received);
        const { status, headers = {}, delayMs = 0 } = receiver.answer(received, earlier);
        setTimeout(() => response.writeHead(status, headers).end(), delayMs);
      });
    });
    return receiver;
  }

  /** What came to `path`, oldest first. */
  at(path: string): Received[] {
    return this.received.filter((request) => request.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The body of every request to `path` that mentions `text` (a practice id, say), oldest first. */
export function receivedAbout(receiver: WebhookReceiver, path: string, text: string): Received[] {
  return receiver.at(path).filter((request) => request.body.includes(text));
}

/**
 * What the webhook suites do as a network's first coordinator (also a contributor, holding the seat): register a
 * webhook on `receiver`, submit material, read the webhook's delivery log.
 */
export function webhookCoordinator(
  api: Pick<RunningApi, 'call'>,
  receiver: WebhookReceiver,
  networkId: string,
  token: string,
) {
  return {
    async register(path: string, events?: string[]): Promise<{ webhookId: string; secret: string }> {
      const { status, body } = await api.call('POST', `/networks/${networkId}/webhooks`, token, {
        url: `${receiver.url}${path}`,
        ...(events && { events }),
      });
      if (status !== 201) throw new Error(`Registering a webhook: ${status} ${JSON.stringify(body)}`);
      return body;
    },
    async submit(title: string): Promise<string> {
      const { status, body } = await api.call('POST', '/practices', token, practiceContent({ title }));
      if (status !== 201) throw new Error(`Submitting: ${status} ${JSON.stringify(body)}`);
      return body.practiceId;
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the suites read the log as the route answers it
    async deliveries(webhookId: string): Promise<any[]> {
      const { status, body } = await api.call(
        'GET',
        `/networks/${networkId}/webhooks/${webhookId}/deliveries`,
        token,
      );
      if (status !== 200) throw new Error(`Reading deliveries: ${status} ${JSON.stringify(body)}`);
      return body.deliveries;
    },
  };
}

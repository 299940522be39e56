import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { StreamFacts } from '@app/application';
import { NotAllowed, NotFound } from '@app/domain';
import { type DeliveryView, SqliteWebhookDeliveryLog } from '@app/jobs';
import type { ResolvedActor } from '@app/read-models';
import type { HttpCommandMeta } from '../http/command-meta';
import { sendForPosition } from '../http/send-command';

/** A network's webhook delivery log for its coordinators, and redelivery: the API's routes and the pages. */
@Injectable()
export class WebhookDeliveries {
  constructor(
    private readonly bus: CommandBus,
    private readonly facts: StreamFacts,
    private readonly log: SqliteWebhookDeliveryLog,
  ) {}

  /** The newest 100 deliveries: event, status, every attempt (time, HTTP status or error), the next attempt. */
  async list(actor: ResolvedActor, networkId: string, webhookId: string): Promise<DeliveryView[]> {
    await this.webhookOf(actor, networkId, webhookId);
    return this.log.deliveries(webhookId);
  }

  /** The delivery worker sends it again (the same `webhook-id`), as a new series of attempts. */
  async redeliver(
    actor: ResolvedActor,
    networkId: string,
    webhookId: string,
    deliveryId: string,
    meta: HttpCommandMeta,
  ): Promise<{ position: number }> {
    await this.webhookOf(actor, networkId, webhookId);
    if (this.log.delivery(deliveryId)?.webhookId !== webhookId) throw new NotFound('No such delivery');
    return sendForPosition(this.bus, { type: 'RedeliverWebhook', networkId, webhookId, deliveryId }, meta);
  }

  /** The delivery log is the coordinators' own: refused before anything is read from it. */
  private async webhookOf(actor: ResolvedActor, networkId: string, webhookId: string): Promise<void> {
    if (actor.networkId !== networkId || !actor.roles.includes('coordinator'))
      throw new NotAllowed("Only the network's own coordinators can do this");
    if (!(await this.facts.network(networkId)).webhooks[webhookId]) throw new NotFound('No such webhook');
  }
}

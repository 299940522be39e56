import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { StreamFacts } from '@app/application';
import { NotAllowed, NotFound } from '@app/domain';
import { SqliteWebhookDeliveryLog } from '@app/jobs';
import type { ResolvedActor } from '@app/read-models';
import { CurrentActor } from '../identity/bearer-auth.guard';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { sendForPosition } from '../http/send-command';

/** A network's coordinators read their webhooks' delivery log and ask for a delivery to be made again. */
@Controller('networks/:networkId/webhooks/:webhookId/deliveries')
export class WebhookDeliveriesController {
  constructor(
    private readonly bus: CommandBus,
    private readonly facts: StreamFacts,
    private readonly log: SqliteWebhookDeliveryLog,
  ) {}

  /** The newest 100 deliveries: event, status, every attempt (time, HTTP status or error), the next attempt. */
  @Get()
  async list(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
  ) {
    await this.webhookOf(actor, networkId, webhookId);
    return { deliveries: this.log.deliveries(webhookId) };
  }

  /** Accepted: the delivery worker sends it again (the same `webhook-id`), as a new series of attempts. */
  @Post(':deliveryId/redeliver')
  @HttpCode(202)
  async redeliver(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
    @Meta() meta: HttpCommandMeta,
  ) {
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

import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import type { ResolvedActor } from '@app/read-models';
import { CurrentActor } from '../identity/bearer-auth.guard';
import { HttpCommandMeta, Meta } from '../http/command-meta';
import { WebhookDeliveries } from './webhook-deliveries.service';

/** A network's coordinators read their webhooks' delivery log and ask for a delivery to be made again. */
@Controller('networks/:networkId/webhooks/:webhookId/deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveries) {}

  @Get()
  async list(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
  ) {
    return { deliveries: await this.deliveries.list(actor, networkId, webhookId) };
  }

  /** Accepted: the delivery is made again by the worker. */
  @Post(':deliveryId/redeliver')
  @HttpCode(202)
  redeliver(
    @CurrentActor() actor: ResolvedActor,
    @Param('networkId') networkId: string,
    @Param('webhookId', ParseUUIDPipe) webhookId: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
    @Meta() meta: HttpCommandMeta,
  ) {
    return this.deliveries.redeliver(actor, networkId, webhookId, deliveryId, meta);
  }
}

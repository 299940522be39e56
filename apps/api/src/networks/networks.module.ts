import { Module } from '@nestjs/common';
import { WebhookDeliveriesModule } from '@app/jobs';
import { NetworksController } from './networks.controller';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { NetworkView } from './network-view.service';
import { WebhookDeliveries } from './webhook-deliveries.service';

@Module({
  imports: [WebhookDeliveriesModule],
  controllers: [NetworksController, WebhookDeliveriesController],
  providers: [NetworkView, WebhookDeliveries],
})
export class NetworksModule {}

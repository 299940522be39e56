import { Module } from '@nestjs/common';
import { WebhookDeliveriesModule } from '@app/jobs';
import { NetworkView } from '../../networks/network-view.service';
import { WebhookDeliveries } from '../../networks/webhook-deliveries.service';
import { NetworkPages } from './network.page';

@Module({
  imports: [WebhookDeliveriesModule],
  controllers: [NetworkPages],
  providers: [NetworkView, WebhookDeliveries],
})
export class NetworkPagesModule {}

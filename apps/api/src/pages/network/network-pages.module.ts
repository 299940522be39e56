import { Module } from '@nestjs/common';
import { NetworkView } from '../../networks/network-view.service';
import { NetworkPages } from './network.page';

@Module({
  controllers: [NetworkPages],
  providers: [NetworkView],
})
export class NetworkPagesModule {}

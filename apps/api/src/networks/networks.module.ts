import { Module } from '@nestjs/common';
import { NetworksController } from './networks.controller';
import { NetworkView } from './network-view.service';

@Module({
  controllers: [NetworksController],
  providers: [NetworkView],
})
export class NetworksModule {}

import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardView } from './dashboard-view.service';

@Module({
  controllers: [DashboardController],
  providers: [DashboardView],
})
export class DashboardModule {}

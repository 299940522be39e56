import { Module } from '@nestjs/common';
import { DashboardView } from '../../dashboard/dashboard-view.service';
import { DashboardPage } from './dashboard.page';

@Module({
  controllers: [DashboardPage],
  providers: [DashboardView],
})
export class DashboardPageModule {}

import { Module } from '@nestjs/common';
import { DueCommandScheduler } from './due-command-scheduler';

@Module({
  providers: [DueCommandScheduler],
  exports: [DueCommandScheduler],
})
export class SchedulingModule {}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PracticesModule } from '../practices/practices.module';
import { ScheduledCommands } from './scheduled-commands.service';

@Module({
  imports: [CqrsModule, PracticesModule],
  providers: [ScheduledCommands],
  exports: [ScheduledCommands],
})
export class SchedulingModule {}

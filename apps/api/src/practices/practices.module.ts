import { Module } from '@nestjs/common';
import { PracticesController } from './practices.controller';
import { PracticeWorkflow } from './practice-workflow.service';

@Module({
  controllers: [PracticesController],
  providers: [PracticeWorkflow],
})
export class PracticesModule {}

import { Module } from '@nestjs/common';
import { PracticeWorkflow } from '../../practices/practice-workflow.service';
import { ContributePages } from './contribute.page';

@Module({
  controllers: [ContributePages],
  providers: [PracticeWorkflow],
})
export class ContributeModule {}

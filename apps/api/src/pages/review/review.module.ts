import { Module } from '@nestjs/common';
import { PracticeWorkflow } from '../../practices/practice-workflow.service';
import { ReviewPages } from './review.page';

@Module({
  controllers: [ReviewPages],
  providers: [PracticeWorkflow],
})
export class ReviewModule {}

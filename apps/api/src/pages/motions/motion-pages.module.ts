import { Module } from '@nestjs/common';
import { MotionView } from '../../motions/motion-view.service';
import { MotionPages } from './motions.page';

@Module({
  controllers: [MotionPages],
  providers: [MotionView],
})
export class MotionPagesModule {}

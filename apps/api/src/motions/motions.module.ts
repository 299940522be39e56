import { Module } from '@nestjs/common';
import { MotionsController } from './motions.controller';
import { MotionView } from './motion-view.service';

@Module({ controllers: [MotionsController], providers: [MotionView] })
export class MotionsModule {}

import { Module } from '@nestjs/common';
import { MotionsController } from './motions.controller';

@Module({ controllers: [MotionsController] })
export class MotionsModule {}

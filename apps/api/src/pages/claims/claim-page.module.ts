import { Module } from '@nestjs/common';
import { ClaimPage } from './claim.page';

@Module({ controllers: [ClaimPage] })
export class ClaimPageModule {}

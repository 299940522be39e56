import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/identity.module';
import { ClaimPage } from './claim.page';

@Module({ imports: [IdentityModule], controllers: [ClaimPage] })
export class ClaimPageModule {}

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard } from './bearer-auth.guard';
import { BootstrapService } from './bootstrap.service';
import { IdentityService } from './identity.service';
import { MeController } from './me.controller';
import { RouteMetadata } from '../http/route-metadata';

@Module({
  controllers: [MeController],
  providers: [
    BootstrapService,
    RouteMetadata,
    IdentityService,
    BearerAuthGuard,
    { provide: APP_GUARD, useExisting: BearerAuthGuard },
  ],
  exports: [IdentityService, BearerAuthGuard, RouteMetadata],
})
export class IdentityModule {}

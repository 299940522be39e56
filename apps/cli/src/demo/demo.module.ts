import { DynamicModule, Module } from '@nestjs/common';
import { ApplicationModule, Clock, PolicyReactors } from '@app/application';
import { AppConfig, ConfigModule } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { InfrastructureModule } from '@app/infrastructure';

/**
 * The write side as the API and the worker wire it (runners on the command bus, the ports' adapters, the
 * policies), telling the time by the demo's clock.
 */
@Module({})
export class DemoModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: DemoModule,
      imports: [
        ConfigModule.forRoot(config),
        EventStoreModule,
        InfrastructureModule,
        ApplicationModule.withClock(clock),
      ],
      providers: [PolicyReactors],
    };
  }
}

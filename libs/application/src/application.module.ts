import { DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStore } from '@app/event-store';
import { Clock, SystemClock } from './clock';
import { NetworkDirectory } from './network/network-directory';
import { PersonalDataKeys } from './personal-data/personal-data-keys';
import { PersonalData } from './personal-data/personal-data';
import { CommandRunners, RunCommandHandler } from './run-command';
import { StreamFacts } from './stream-facts';

/**
 * The write side: every door sends `RunCommand` on the CommandBus to the command runners. Its ports (keys, mail,
 * blobs) are provided by the adapters the app's root module wires.
 */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    { provide: Clock, useClass: SystemClock },
    {
      provide: PersonalData,
      useFactory: (keys: PersonalDataKeys) => new PersonalData(keys),
      inject: [PersonalDataKeys],
    },
    {
      provide: NetworkDirectory,
      useFactory: (store: EventStore) => new NetworkDirectory(store),
      inject: [EventStore],
    },
    {
      provide: StreamFacts,
      useFactory: (store: EventStore, directory: NetworkDirectory) => new StreamFacts(store, directory),
      inject: [EventStore, NetworkDirectory],
    },
    CommandRunners,
    RunCommandHandler,
  ],
  exports: [Clock, PersonalData, StreamFacts, CommandRunners, CqrsModule],
})
export class ApplicationModule {
  /** The write side telling the time by `clock`: the CLI's demo seeds a history that took months. */
  static withClock(clock: Clock): DynamicModule {
    return { module: ApplicationModule, providers: [{ provide: Clock, useValue: clock }] };
  }
}

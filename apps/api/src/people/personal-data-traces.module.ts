import { Global, Module } from '@nestjs/common';
import { PERSONAL_DATA_TRACES, PersonalDataTraces } from '@app/application';
import { UnansweredSearches } from '@app/read-models';

/** What this process keeps outside the log that can name a person: cleared when they are forgotten. */
@Global()
@Module({
  providers: [
    {
      provide: PERSONAL_DATA_TRACES,
      useFactory: (searches: UnansweredSearches): PersonalDataTraces[] => [
        { clear: (details) => searches.forget(details) },
      ],
      inject: [UnansweredSearches],
    },
  ],
  exports: [PERSONAL_DATA_TRACES],
})
export class PersonalDataTracesModule {}

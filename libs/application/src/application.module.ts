import { join } from 'node:path';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock, SystemClock } from './clock';
import { BlobStore } from './blobs/blob-store';
import { FilesystemBlobStore } from './blobs/filesystem-blob-store';
import { PersonalDataKeys } from './personal-data/personal-data-keys';
import { SqlitePersonalDataKeys } from './personal-data/sqlite-personal-data-keys';
import { PersonalData } from './personal-data/personal-data';
import { Mailer } from './mail/mailer';
import { NodemailerMailer } from './mail/nodemailer-mailer';

@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    {
      provide: PersonalDataKeys,
      useFactory: (config: AppConfig) => new SqlitePersonalDataKeys(join(config.dataDir, 'keys.sqlite')),
      inject: [APP_CONFIG],
    },
    {
      provide: PersonalData,
      useFactory: (keys: PersonalDataKeys) => new PersonalData(keys),
      inject: [PersonalDataKeys],
    },
    {
      provide: Mailer,
      useFactory: (config: AppConfig, clock: Clock) =>
        new NodemailerMailer(
          { from: config.mailFrom, smtpUrl: config.smtpUrl, outboxDir: join(config.dataDir, 'outbox') },
          clock,
        ),
      inject: [APP_CONFIG, Clock],
    },
    {
      provide: BlobStore,
      useFactory: (config: AppConfig) => new FilesystemBlobStore(join(config.dataDir, 'blobs')),
      inject: [APP_CONFIG],
    },
  ],
  exports: [Clock, PersonalDataKeys, PersonalData, BlobStore, Mailer],
})
export class ApplicationModule implements OnApplicationShutdown {
  constructor(@Inject(PersonalDataKeys) private readonly keys: PersonalDataKeys) {}

  async onApplicationShutdown(): Promise<void> {
    await this.keys.close();
  }
}

import { join } from 'node:path';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { BlobStore, Clock, Mailer, PersonalDataKeys } from '@app/application';
import { FilesystemBlobStore } from './filesystem-blob-store';
import { NodemailerMailer } from './nodemailer-mailer';
import { SqlitePersonalDataKeys } from './sqlite-personal-data-keys';
import { SubscriberSecret } from './subscriber-secret';

/**
 * The adapters of the application's ports, from the configuration: files in DATA_DIR, SMTP or the outbox; and the
 * subscriber secret, which both the subscription routes and the digest's unsubscribe links need.
 */
@Global()
@Module({
  providers: [
    {
      provide: PersonalDataKeys,
      useFactory: (config: AppConfig) => new SqlitePersonalDataKeys(join(config.dataDir, 'keys.sqlite')),
      inject: [APP_CONFIG],
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
    SubscriberSecret,
  ],
  exports: [PersonalDataKeys, Mailer, BlobStore, SubscriberSecret],
})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(@Inject(PersonalDataKeys) private readonly keys: PersonalDataKeys) {}

  async onApplicationShutdown(): Promise<void> {
    await this.keys.close();
  }
}

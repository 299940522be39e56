import { BeforeApplicationShutdown, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventStore, LogVerifier } from '@app/event-store';
import { LedgerModule } from '../ledger/ledger.module';
import { HealthController } from './health.controller';
import { ServiceHealthIndicators } from './health.indicators';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), LedgerModule],
  controllers: [HealthController],
  providers: [
    ServiceHealthIndicators,
    { provide: LogVerifier, useFactory: (store: EventStore) => new LogVerifier(store), inject: [EventStore] },
  ],
})
export class HealthModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly verifier: LogVerifier) {}

  /** In the background: `listen` does not wait for the log to be verified. */
  onApplicationBootstrap(): void {
    this.verifier.start();
  }

  /** Before the store closes under it. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.verifier.stop();
  }
}

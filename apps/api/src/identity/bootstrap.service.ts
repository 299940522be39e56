import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';
import { bootstrapIfEmpty, Clock } from '@app/application';
import { EventStore } from '@app/event-store';

/** Creates the facilitator network on first start, before the server takes requests. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bus: CommandBus,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { dataDir, facilitatorNetworkId, facilitatorName, bootstrapToken } = this.config;
    const outcome = await bootstrapIfEmpty(
      this.bus,
      this.store,
      { dataDir, facilitatorNetworkId, facilitatorName, bootstrapToken },
      this.clock.now(),
    );
    if (!outcome.bootstrapped) return;
    this.logger.log(
      `Bootstrapped the facilitator network ${facilitatorNetworkId}; first coordinator ${outcome.personId}`,
    );
    if (outcome.tokenFile) {
      // Printed once, outside the structured log, for the person starting the service.
      process.stdout.write(
        `\nFirst coordinator's access token (also in ${outcome.tokenFile}, mode 0600):\n${outcome.token}\n\n`,
      );
    }
  }
}

import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';
import { bootstrapIfEmpty, Clock, PersonalData } from '@app/application';
import { EventStore } from '@app/event-store';

export const FACILITATOR_NAME = 'National Highways & Transport Network';

/** Creates the facilitator network on first start, before the server takes requests. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: EventStore,
    private readonly personalData: PersonalData,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await bootstrapIfEmpty(
      this.store,
      this.personalData,
      {
        dataDir: this.config.dataDir,
        facilitatorNetworkId: this.config.facilitatorNetworkId,
        facilitatorName: FACILITATOR_NAME,
        bootstrapToken: this.config.bootstrapToken,
      },
      this.clock.now(),
    );
    if (!outcome.bootstrapped) return;
    this.logger.log(
      `Bootstrapped the facilitator network ${this.config.facilitatorNetworkId}; first coordinator ${outcome.personId}`,
    );
    if (outcome.tokenFile) {
      // Printed once, outside the structured log, for the person starting the service.
      process.stdout.write(
        `\nFirst coordinator's access token (also in ${outcome.tokenFile}, mode 0600):\n${outcome.token}\n\n`,
      );
    }
  }
}

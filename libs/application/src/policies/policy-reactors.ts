import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { EventStore, RecordedEvent } from '@app/event-store';
import { Reactor } from '../reactor';
import { RunCommand } from '../run-command';
import { ApplyCarriedMotionsPolicy } from './apply-carried-motions.policy';
import { Policy } from './policy';
import { PublishOnApprovalPolicy } from './publish-on-approval.policy';
import { EraseContactsOfForgottenPolicy } from './erase-contacts-of-forgotten.policy';

export const POLICIES: Policy[] = [
  new ApplyCarriedMotionsPolicy(),
  new PublishOnApprovalPolicy(),
  new EraseContactsOfForgottenPolicy(),
];

/** Runs each policy from its own checkpoint on `$all`, sending its commands on the bus. */
@Injectable()
export class PolicyReactors implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PolicyReactors.name);
  readonly reactors: Reactor[];

  // Tokens named, not inferred from types: the CLI's demo runs the policies under tsx (no decorator metadata).
  constructor(
    @Inject(CommandBus) private readonly bus: CommandBus,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const file = join(config.dataDir, 'reactors.sqlite');
    this.reactors = POLICIES.map(
      (policy) => new Reactor(store, file, policy.name, (event) => this.react(policy, event)),
    );
  }

  onApplicationBootstrap(): void {
    for (const reactor of this.reactors) reactor.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.reactors.map((reactor) => reactor.close()));
  }

  private async react(policy: Policy, event: RecordedEvent): Promise<void> {
    const commands = await policy.commandsFor(event, this.store);
    for (const [index, sent] of commands.entries()) {
      const { command, secrets } = 'command' in sent ? sent : { command: sent, secrets: {} };
      const meta = {
        commandId: `${policy.name}:${event.id}:${index}`,
        causationId: event.id,
        correlationId: String(event.metadata.correlationId ?? event.id),
      };
      try {
        await this.bus.execute(new RunCommand(command, meta, secrets));
      } catch (error) {
        // A decision that no longer applies (the practice withdrawn meanwhile, a network that publishes itself):
        // the rules are the judge, and the refusal is the answer.
        if (!(error instanceof DomainError)) throw error;
        this.logger.log(`${policy.name}: ${command.type} after ${event.type} was refused: ${error.message}`);
      }
    }
  }
}

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '@app/config';
import type {
  AuditorCommand,
  LedgerCommand,
  MotionCommand,
  ReportCommand,
  NetworkCommand,
  PracticeCommand,
  SteeringGroupCommand,
  SubscriberCommand,
} from '@app/domain';
import { DomainError } from '@app/domain';
import { EventStore } from '@app/event-store';
import { BlobStore } from './blobs/blob-store';
import { Clock } from './clock';
import { CommandResult, CommandRunner, RunnerPorts, Secrets } from './command-runner';
import { CommandMeta, decideAndAppend } from './decide-and-append';
import { Mailer } from './mail/mailer';
import { Metrics } from './metrics';
import { motionRunner } from './motion/motion.runner';
import { networkRunner } from './network/network.runner';
import { PersonalData } from './personal-data/personal-data';
import { PersonalDataKeys } from './personal-data/personal-data-keys';
import { PERSONAL_DATA_TRACES, PersonalDataTraces } from './personal-data/personal-data-traces';
import { practiceRunner } from './practice/practice.runner';
import { steeringGroupRunner } from './steering-group/steering-group.runner';
import { StreamFacts } from './stream-facts';
import { subscriberRunner } from './subscriber/subscriber.runner';
import { ledgerRunner } from './ledger/ledger.runner';
import { auditorRunner } from './auditor/auditor.runner';
import { reportRunner } from './report/report.runner';

export type DomainCommand =
  | NetworkCommand
  | PracticeCommand
  | MotionCommand
  | SteeringGroupCommand
  | SubscriberCommand
  | LedgerCommand
  | AuditorCommand
  | ReportCommand;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each runner is typed where it is defined
type AnyRunner = CommandRunner<any, any, any, any>;

/** The one table from command type to the runner of its aggregate. */
const RUNNERS: AnyRunner[] = [
  networkRunner,
  practiceRunner,
  motionRunner,
  steeringGroupRunner,
  subscriberRunner,
  ledgerRunner,
  auditorRunner,
  reportRunner,
];

/** The one bus message every door sends: HTTP, pages, the scheduler, policies, bootstrap, the CLI. */
export class RunCommand implements ICommand {
  constructor(
    readonly command: DomainCommand,
    readonly meta: CommandMeta,
    readonly secrets: Secrets = {},
  ) {}
}

/** Runs any command with its aggregate's runner: check, load, decide, append at the revision read, effects. */
@Injectable()
export class CommandRunners {
  private readonly byType = new Map<string, AnyRunner>();
  private readonly ports: RunnerPorts;

  // Tokens named, not inferred from types: the CLI runs under tsx, which emits no decorator metadata.
  constructor(
    @Inject(EventStore) store: EventStore,
    @Inject(StreamFacts) facts: StreamFacts,
    @Inject(PersonalData) personalData: PersonalData,
    @Inject(PersonalDataKeys) keys: PersonalDataKeys,
    @Inject(Mailer) mailer: Mailer,
    @Inject(BlobStore) blobs: BlobStore,
    @Inject(Clock) clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() @Inject(PERSONAL_DATA_TRACES) traces: PersonalDataTraces[] = [],
  ) {
    for (const runner of RUNNERS) {
      for (const type of Object.keys(runner.commands)) this.byType.set(type, runner);
    }
    const logger = new Logger('CommandRunners');
    this.ports = {
      store,
      facts,
      personalData,
      keys,
      traces,
      mailer,
      blobs,
      clock,
      logger,
      publicUrl: config.publicUrl,
    };
  }

  async run(command: DomainCommand, meta: CommandMeta, secrets: Secrets = {}): Promise<CommandResult> {
    const runner = this.byType.get(command.type);
    if (!runner) throw new Error(`No runner decides ${command.type}`);
    const { store, facts, personalData, clock } = this.ports;
    await runner.before?.[command.type]?.(command, this.ports);
    const appended = await decideAndAppend({
      store,
      stream: await runner.stream(command, facts),
      decider: runner.decider,
      command,
      context: (state, now) => runner.context({ command, state, now, meta, facts }),
      meta,
      now: () => clock.now(),
      personalData,
    });
    const answer = await runner.afterCommit?.[command.type]?.(
      { ...appended, command, meta, secrets },
      this.ports,
    );
    const { events, position, replayed } = appended;
    return { events, position: Number(position), replayed, ...answer };
  }
}

@CommandHandler(RunCommand)
export class RunCommandHandler implements ICommandHandler<RunCommand, CommandResult> {
  constructor(
    @Inject(CommandRunners) private readonly runners: CommandRunners,
    @Optional() @Inject(Metrics) private readonly metrics?: Metrics,
  ) {}

  /** The one place every command passes, so it is where commands are counted. */
  async execute({ command, meta, secrets }: RunCommand): Promise<CommandResult> {
    try {
      const result = await this.runners.run(command, meta, secrets);
      this.metrics?.commandRan(command.type, 'ok');
      return result;
    } catch (error) {
      this.metrics?.commandRan(command.type, error instanceof DomainError ? 'refused' : 'error');
      throw error;
    }
  }
}

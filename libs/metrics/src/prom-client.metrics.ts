import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CommandOutcome, Metrics } from '@app/application';
import { consumersFollowing, EventStore, SqliteEventStore } from '@app/event-store';
import { JobRunner } from '@app/jobs';

let processRegistry: Registry | undefined;

/**
 * Node's own metrics (CPU, memory, event loop, GC) belong to the process, not to one API in it: collected once per
 * process, however many APIs a test suite starts, each of which would otherwise add observers that are never removed.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The `Metrics` port with prom-client, and what operators scrape at `GET /metrics` from the API and the worker alike:
 * commands by type and outcome, the SQLite store's group commits, how far each of the process's projections and
 * reactors is behind the log, and the job queues. Lag and queue depths are read when scraped, not on a timer. The
 * API adds its requests to `registry`.
 */
@Injectable()
export class PromClientMetrics extends Metrics {
  readonly registry = new Registry();
  private readonly commands = new Counter({
    name: 'cns_commands_total',
    help: 'Commands run, by type and outcome: ok, refused (by a domain rule) or error',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(@Inject(EventStore) store: EventStore, @Inject(JobRunner) jobs: JobRunner) {
    super();
    new Gauge({
      name: 'cns_consumer_lag_positions',
      help: "How far each projection runner and reactor is behind the log's head (positions; events with SQLite)",
      labelNames: ['consumer'] as const,
      registers: [this.registry],
      async collect() {
        const statuses = await Promise.all(consumersFollowing(store).map((consumer) => consumer.status()));
        this.reset();
        for (const { name, lag } of statuses) this.labels(name).set(lag);
      },
    });
    new Gauge({
      name: 'cns_jobs',
      help: 'Jobs per queue (handler) and state: waiting, active, delayed, failed',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      // Redis unreachable: no queue series rather than no scrape (/health's `jobs` says why).
      async collect() {
        const queues = await jobs.counts().catch(() => ({}));
        this.reset();
        for (const [queue, counts] of Object.entries(queues))
          for (const [state, count] of Object.entries(counts)) this.labels(queue, state).set(count);
      },
    });
    if (store instanceof SqliteEventStore) this.observeGroupCommits(store);
  }

  commandRan(type: string, outcome: CommandOutcome): void {
    this.commands.labels(type, outcome).inc();
  }

  /** The scrape: this service's metrics and the process's. */
  async scrape(): Promise<string> {
    return (await processMetrics().metrics()) + (await this.registry.metrics());
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private observeGroupCommits(store: SqliteEventStore): void {
    const latency = new Histogram({
      name: 'cns_event_store_append_duration_seconds',
      help: 'From an append reaching the SQLite store to the group commit that made it durable',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [this.registry],
    });
    const batch = new Histogram({
      name: 'cns_event_store_group_commit_appends',
      help: 'Appends written in one group commit (one transaction, one fsync)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [this.registry],
    });
    store.onCommit = ({ appends, latencies }) => {
      batch.observe(appends);
      for (const seconds of latencies) latency.observe(seconds);
    };
  }
}

import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { consumersFollowing, EventStore, LogVerifier } from '@app/event-store';
import { JobRunner } from '@app/jobs';
import { ProjectionRunner } from '@app/read-models';
import { LedgerTree } from '../ledger/ledger-tree';

/**
 * What /health reports: the event store answers, its events still match their hash chains, and the read models and
 * reactors keep up with it.
 */
@Injectable()
export class ServiceHealthIndicators {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly health: HealthIndicatorService,
    private readonly verifier: LogVerifier,
    private readonly ledger: LedgerTree,
    private readonly jobs: JobRunner,
  ) {}

  /**
   * Per queue (handler): jobs waiting, running, delayed (a retry's backoff, a due time) and given up. Down when the
   * queue cannot be read (Redis unreachable): commands still append, and reactors add the jobs once it is back.
   */
  async checkJobs(key = 'jobs') {
    const indicator = this.health.check(key);
    try {
      return indicator.up({ queues: await this.jobs.counts() });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /**
   * Down when the log no longer matches the latest signed checkpoint: an event before it was deleted, inserted or
   * rewritten, so the tree rebuilt from the log has another root at that size.
   */
  checkLedger(key = 'ledger') {
    const indicator = this.health.check(key);
    const latest = this.ledger.latest;
    const { tree } = this.ledger;
    if (!latest) return indicator.up({ treeSize: tree.size, checkpoint: null });
    if (tree.size < latest.treeSize)
      return indicator.down({
        treeSize: tree.size,
        checkpoint: latest.treeSize,
        message: 'The log is shorter than its checkpoint',
      });
    const root = tree.root(latest.treeSize).toString('base64');
    return root === latest.rootHash
      ? indicator.up({ treeSize: tree.size, checkpoint: latest.treeSize })
      : indicator.down({
          treeSize: tree.size,
          checkpoint: latest.treeSize,
          message: `The log's root at ${latest.treeSize} is not the checkpoint's`,
        });
  }

  /** Down, naming the first event that fails its stream's chain, once the verifier has found one. */
  checkLogIntegrity(key = 'logIntegrity') {
    const indicator = this.health.check(key);
    const { firstFailure, brokenStreams, eventsChecked, streamsChecked } = this.verifier.integrity();
    return firstFailure
      ? indicator.down({ firstFailure, brokenStreams: brokenStreams.length, eventsChecked })
      : indicator.up({ eventsChecked, streamsChecked });
  }

  /** The read models are up unless their runner is failing; the lag says how far behind the log they are. */
  async checkReadModels(key = 'readModels') {
    const indicator = this.health.check(key);
    try {
      const lag = await this.runner.lag();
      if (this.runner.failure) return indicator.down({ ...lag, message: this.runner.failure.message });
      return indicator.up(lag);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /** Every projection runner and reactor following the log; down, naming each failing one, while any fails. */
  async checkConsumers(key = 'consumers') {
    const indicator = this.health.check(key);
    try {
      const consumers = await Promise.all(
        consumersFollowing(this.store).map((consumer) => consumer.status()),
      );
      const failing = consumers
        .filter((consumer) => consumer.state === 'failing')
        .map(({ name, lastError, lag }) => ({ name, error: lastError, lag }));
      return failing.length > 0 ? indicator.down({ failing, consumers }) : indicator.up({ consumers });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async check(key = 'eventStore') {
    const indicator = this.health.check(key);
    try {
      const head = await this.store.headPosition();
      return indicator.up({ adapter: this.store.constructor.name, headPosition: head.toString() });
    } catch (error) {
      return indicator.down({ adapter: this.store.constructor.name, message: (error as Error).message });
    }
  }
}

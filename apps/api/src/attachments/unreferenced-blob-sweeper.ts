import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BlobStore, Clock } from '@app/application';
import { DAY_MS, PublicContent } from '@app/domain';
import { EventStore, readAllInPages, ReadAllOptions } from '@app/event-store';
import { PeriodicTask } from '@app/infrastructure';

/** How often the API looks for blobs to collect. */
const SWEEP_INTERVAL_MS = 3_600_000;

/** How long an uploaded blob waits for a submission to reference it. */
export const UNREFERENCED_BLOB_DAYS = 1;

/**
 * Deletes blobs that no submission references once they have waited a day (and staged bytes as old): an upload never followed by a
 * submission would otherwise stay for good. References are every version of every practice, whatever became of it
 * (history stays downloadable), folded from the log as it grows. Each API process sweeps on its own; deletes are
 * idempotent. Re-uploading bytes counts them as stored anew, so a blob is only collected a day after its last upload.
 */
@Injectable()
export class UnreferencedBlobSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UnreferencedBlobSweeper.name);
  private readonly referenced = new Set<string>();
  private foldedFrom: ReadAllOptions['fromPosition'] = 'start';
  private readonly task = new PeriodicTask('Blob sweep', SWEEP_INTERVAL_MS, () => this.sweep(), this.logger);
  private sweeping?: Promise<string[]>;

  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Collects what is due and answers the addresses deleted; a sweep asked for while one runs is that one. */
  sweep(): Promise<string[]> {
    this.sweeping ??= this.collect().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async collect(): Promise<string[]> {
    await this.foldReferences();
    const due = this.clock.now().getTime() - UNREFERENCED_BLOB_DAYS * DAY_MS;
    const deleted: string[] = [];
    for await (const { sha256, storedAt } of this.blobs.list()) {
      if (storedAt.getTime() >= due || this.referenced.has(sha256)) continue;
      await this.blobs.delete(sha256);
      deleted.push(sha256);
    }
    if (deleted.length > 0) this.logger.log(`Deleted ${deleted.length} blobs that no submission references`);
    // No upload takes a day (requests are bounded in time): these were left by a crash.
    await this.blobs.discardStagedBefore(new Date(due));
    return deleted;
  }

  private async foldReferences(): Promise<void> {
    for await (const page of readAllInPages(this.store, { fromPosition: this.foldedFrom })) {
      for (const { type, data } of page)
        if (type === 'PracticeSubmitted' || type === 'PracticeRevised')
          for (const { sha256 } of (data as { content: PublicContent }).content.attachments)
            this.referenced.add(sha256);
      // Inclusive: the next fold reads the last event again, which adds nothing new.
      this.foldedFrom = page[page.length - 1].position;
    }
  }
}

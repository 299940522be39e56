import type { EventStore, RecordedEvent } from '@app/event-store';
import type { Job } from './job-queue';

/**
 * Turns an event into the jobs it calls for (a delivery per webhook, a mail per person): a reactor follows `$all`
 * for each source from its own checkpoint and moves past an event only once its jobs are on the durable queue.
 */
export abstract class JobSource {
  abstract readonly name: string;
  /** `log` for a source that must look back (reads only). */
  abstract jobsFor(event: RecordedEvent, log: EventStore): Job[] | Promise<Job[]>;
}

/** A job's id from the event that caused it and the handler that runs it: a replayed event adds nothing new. */
export function jobIdFor(handler: string, event: Pick<RecordedEvent, 'id'>, ...parts: string[]): string {
  return [handler, event.id, ...parts].join(':');
}

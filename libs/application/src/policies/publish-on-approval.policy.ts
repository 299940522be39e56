import type { RecordedEvent } from '@app/event-store';
import { DomainCommand } from '../run-command';
import { Policy } from './policy';

/**
 * Publishes approved material of networks that opted in to publication on approval. Every approval is offered; the
 * decider publishes only where the owner network opted in, so the log records the publication as that rule's.
 */
export class PublishOnApprovalPolicy extends Policy {
  readonly name = 'publish-on-approval';

  commandsFor(event: RecordedEvent): DomainCommand[] {
    if (event.type !== 'PracticeApproved') return [];
    return [{ type: 'PublishAutomatically', practiceId: (event.data as { practiceId: string }).practiceId }];
  }
}

import { EventStore, readAllInPages, RecordedEvent } from '@app/event-store';
import { DomainCommand } from '../run-command';
import { Policy } from './policy';

/**
 * A person who is forgotten takes with them the contacts they gave on practice material (usually themselves): each
 * practice they submitted or revised gets an `EraseContact` of theirs, which the rules check against the erasure.
 * Erasures are rare, so the practices are found by reading the log rather than keeping an index.
 */
export class EraseContactsOfForgottenPolicy extends Policy {
  readonly name = 'erase-contacts-of-forgotten';

  async commandsFor(event: RecordedEvent, log: EventStore): Promise<DomainCommand[]> {
    if (event.type !== 'PersonalDataErased') return [];
    const { personId } = event.data as { personId: string };
    const practices = new Set<string>();
    for await (const page of readAllInPages(log))
      for (const { type, data } of page) {
        const { practiceId, submittedBy, revisedBy } = data as Record<string, string>;
        if (type === 'PracticeSubmitted' && submittedBy === personId) practices.add(practiceId);
        if (type === 'PracticeRevised' && revisedBy === personId) practices.add(practiceId);
      }
    return [...practices].map((practiceId) => ({ type: 'EraseContact', practiceId, of: personId }));
  }
}

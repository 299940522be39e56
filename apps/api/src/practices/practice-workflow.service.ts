import { Injectable } from '@nestjs/common';
import { NotFound, PracticeEvent, practiceDecider, replay } from '@app/domain';
import { EventStore, StreamNotFoundError } from '@app/event-store';

/**
 * The workflow view of one practice, folded from its stream (the log is the view's source; no personal data): its
 * state, the content of the version in the workflow, this round's reviews and the history.
 */
@Injectable()
export class PracticeWorkflow {
  constructor(private readonly store: EventStore) {}

  async view(practiceId: string) {
    let recorded;
    try {
      recorded = await this.store.readStream(`practice-${practiceId}`);
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw new NotFound('No such practice');
      throw error;
    }
    const events = recorded.map(({ type, data }) => ({ type, data }) as PracticeEvent);
    const { status, networkId, version, round, publishedVersion, reviews } = replay(practiceDecider, events);
    // What reviewers read: the public content of the version in the workflow now (the contact stays sealed).
    const current = [...events].reverse().find((event) => 'content' in (event.data as object))?.data as {
      content: unknown;
    };
    return {
      practiceId,
      networkId,
      state: status,
      version,
      round,
      publishedVersion: publishedVersion ?? null,
      reviews,
      content: current.content,
      history: recorded.map((event) => {
        const { personal: _personal, content: _content, ...facts } = event.data as Record<string, unknown>;
        return {
          type: event.type,
          at: event.metadata.occurredAt,
          position: Number(event.position),
          ...facts,
        };
      }),
    };
  }
}

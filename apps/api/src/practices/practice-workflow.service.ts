import { Injectable } from '@nestjs/common';
import { NotFound, PracticeContent, PracticeEvent, practiceDecider, replay } from '@app/domain';

/** A version's content as the log keeps it in the open: the contact is sealed apart. */
export type PublicContent = Omit<PracticeContent, 'contact'>;
import { EventStore, StreamNotFoundError } from '@app/event-store';

/**
 * The workflow view of one practice, folded from its stream (the log is the view's source; no personal data): its
 * state, the content of the version in the workflow, this round's reviews and the history.
 */
@Injectable()
export class PracticeWorkflow {
  constructor(private readonly store: EventStore) {}

  async view(practiceId: string) {
    const recorded = await this.events(practiceId);
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

  /** Every version's public content (no contact), oldest first: what a reviewer compares a revision with. */
  async versions(
    practiceId: string,
  ): Promise<Array<{ version: number; at: string; content: PublicContent }>> {
    return (await this.events(practiceId))
      .filter((event) => 'content' in (event.data as object))
      .map((event) => {
        const { version, content } = event.data as { version: number; content: PublicContent };
        return { version, at: String(event.metadata.occurredAt), content };
      });
  }

  private async events(practiceId: string) {
    try {
      return await this.store.readStream(`practice-${practiceId}`);
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw new NotFound('No such practice');
      throw error;
    }
  }
}

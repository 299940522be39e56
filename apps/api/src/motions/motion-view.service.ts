import { Injectable } from '@nestjs/common';
import { MotionEvent, motionDecider, NotFound, replay } from '@app/domain';
import { EventStore, StreamNotFoundError } from '@app/event-store';

/** One motion with its votes (by network) and outcome, folded from its stream. */
@Injectable()
export class MotionView {
  constructor(private readonly store: EventStore) {}

  async view(motionId: string) {
    let recorded;
    try {
      recorded = await this.store.readStream(`motion-${motionId}`);
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw new NotFound('No such motion');
      throw error;
    }
    const state = replay(
      motionDecider,
      recorded.map(({ type, data }) => ({ type, data }) as MotionEvent),
    );
    return {
      motionId,
      status: state.status,
      ...state.decision,
      closesAt: state.closesAt,
      votes: state.votes,
    };
  }
}

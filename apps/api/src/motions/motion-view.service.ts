import { Injectable } from '@nestjs/common';
import { FORGOTTEN, PersonalData, SealedPersonal } from '@app/application';
import { MotionEvent, motionDecider, NotFound, replay } from '@app/domain';
import { EventStore, RecordedEvent, StreamNotFoundError } from '@app/event-store';

/** One motion with its votes (by network) and outcome, folded from its stream. */
@Injectable()
export class MotionView {
  constructor(
    private readonly store: EventStore,
    private readonly personalData: PersonalData,
  ) {}

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
    const appointee = await this.appointeeOf(recorded[0]);
    return {
      motionId,
      status: state.status,
      ...state.decision,
      ...(appointee && { appointee }),
      closesAt: state.closesAt,
      votes: state.votes,
    };
  }

  /** Whom a motion would appoint from outside the networks, by name (the address is for the claim link only). */
  private async appointeeOf(proposed: RecordedEvent) {
    const sealed = (proposed.data as { personal?: SealedPersonal }).personal;
    if (!sealed) return undefined;
    const personal = await this.personalData.open<{ name: string }>(sealed);
    return 'forgotten' in personal ? FORGOTTEN : { name: personal.name };
  }
}

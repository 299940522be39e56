import { MotionCommand, MotionContext, motionDecider, MotionEvent, MotionState } from '@app/domain';
import { defineRunner } from '../command-runner';

/** Motions of the Steering Group: proposed and voted on by seat holders, closed by time. */
export const motionRunner = defineRunner<MotionCommand, MotionState, MotionEvent, MotionContext>({
  commands: { ProposeMotion: true, CastVote: true, CloseMotion: true },
  stream: (command) => `motion-${command.motionId}`,
  decider: motionDecider,
  context: async ({ now, meta, facts }) => {
    const [actor, filledSeats] = await Promise.all([facts.actor(meta.issuedBy), facts.filledSeats()]);
    return { now, actor, filledSeats };
  },
});

import {
  Attachment,
  PracticeCommand,
  PracticeContext,
  practiceDecider,
  PracticeEvent,
  PracticeState,
  RuleBroken,
} from '@app/domain';
import { defineRunner, RunnerPorts } from '../command-runner';

/** Practice material through its workflow: submit, review, revise, publish, withdraw, and what time and motions do. */
export const practiceRunner = defineRunner<PracticeCommand, PracticeState, PracticeEvent, PracticeContext>({
  commands: {
    SubmitPractice: true,
    ReviewPractice: true,
    RevisePractice: true,
    PublishPractice: true,
    PublishAutomatically: true,
    WithdrawPractice: true,
    EraseContact: true,
    RetirePractice: true,
    ConcludeLazyConsensus: true,
  },
  stream: (command) => `practice-${command.practiceId}`,
  decider: practiceDecider,
  context: async ({ command, state, now, meta, facts }) => {
    const forgotten = command.type === 'EraseContact' ? command.of : undefined;
    const [actor, policy, seatedNetworks, owner, personForgotten] = await Promise.all([
      facts.actor(meta.issuedBy),
      facts.policy(),
      facts.filledSeats(),
      // Only publication on approval asks about the owner network's setting.
      command.type === 'PublishAutomatically' && state.networkId !== undefined
        ? facts.network(state.networkId)
        : undefined,
      forgotten === undefined ? undefined : facts.isForgotten(forgotten),
    ]);
    const ownerPublishesOnApproval = owner?.publishesOnApproval;
    return { now, actor, policy, seatedNetworks, ownerPublishesOnApproval, personForgotten };
  },
  afterCommit: {
    // Recorded first, then the keys go; deleting a key is idempotent, so a retry finishes what a crash left.
    EraseContact: async ({ events }, { keys, clock }) => {
      for (const event of events)
        if (event.type === 'ContactErased')
          for (const contactId of event.data.contactIds) await keys.forget(contactId, clock.now());
    },
  },
  before: {
    SubmitPractice: ({ content }, ports) => attachmentsStored(content.attachments, ports),
    RevisePractice: ({ content }, ports) => attachmentsStored(content.attachments, ports),
  },
});

/** Submissions may only reference stored blobs, described as the blob store recorded them. */
async function attachmentsStored(attachments: Attachment[], { blobs }: RunnerPorts): Promise<void> {
  for (const { sha256, size, mediaType } of attachments) {
    const stored = await blobs.stat(sha256);
    if (!stored) {
      throw new RuleBroken(
        'attachment-stored',
        `Attachment ${sha256} is not stored: upload it with POST /attachments first`,
      );
    }
    if (stored.size !== size || stored.mediaType !== mediaType) {
      throw new RuleBroken(
        'attachment-matches',
        `Attachment ${sha256} is stored as ${stored.mediaType} of ${stored.size} bytes, not ${mediaType} of ${size} bytes`,
      );
    }
  }
}

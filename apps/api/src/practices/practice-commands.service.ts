import { Injectable } from '@nestjs/common';
import { BlobStore, Clock, decideAndAppend, foldStream, PersonalData } from '@app/application';
import { Attachment, PracticeCommand, practiceDecider, RuleBroken, steeringGroupDecider } from '@app/domain';
import { EventStore } from '@app/event-store';
import type { ResolvedActor } from '@app/read-models';
import { NetworkFacts } from '../networks/network-facts.service';

/** What every practice command handler does: gather the cross-stream facts, decide against the practice, append. */
@Injectable()
export class PracticeCommands {
  constructor(
    private readonly store: EventStore,
    private readonly personalData: PersonalData,
    private readonly clock: Clock,
    private readonly networks: NetworkFacts,
    private readonly blobs: BlobStore,
  ) {}

  /** The approval policy in force, from the Steering Group's stream. */
  async approvalPolicy() {
    return (await foldStream(this.store, 'steering-group', steeringGroupDecider)).state.policy;
  }

  /** Submissions may only reference stored blobs, described as the blob store recorded them. */
  private async checkAttachments(attachments: Attachment[]): Promise<void> {
    for (const { sha256, size, mediaType } of attachments) {
      const stored = await this.blobs.stat(sha256);
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

  /** `actor` is absent for scheduled commands, which no person issues. */
  async run(
    practiceId: string,
    command: PracticeCommand,
    actor: ResolvedActor | undefined,
    commandId: string,
  ) {
    if ('content' in command) await this.checkAttachments(command.content.attachments);
    const now = this.clock.now();
    const [actingMember, policy, seatedNetworks] = await Promise.all([
      actor && this.networks.actingMember(actor),
      this.approvalPolicy(),
      this.networks.seatedNetworks(),
    ]);
    const { events, position, revision } = await decideAndAppend(
      this.store,
      `practice-${practiceId}`,
      practiceDecider,
      command,
      {
        now,
        actor: actingMember,
        policy,
        seatedNetworks,
      },
      { commandId, actor: actor && { personId: actor.personId, networkId: actor.networkId } },
      { now, personalData: this.personalData },
    );
    return { events, position: Number(position), revision: Number(revision) };
  }
}

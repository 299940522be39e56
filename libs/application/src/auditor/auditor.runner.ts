import {
  AuditorCommand,
  AuditorContext,
  auditorDecider,
  AuditorEvent,
  AuditorState,
  PersonalDetails,
} from '@app/domain';
import { Committed, defineRunner, RunnerPorts } from '../command-runner';
import { claimLinkLines } from '../identity/claim-link';
import { mailAfterCommit } from '../mail/mailer';
import { forgetSubject, SealedPersonal } from '../personal-data/personal-data';

/** Auditors appointed by motion from outside every network: their claim link and the token it gives. */
export const auditorRunner = defineRunner<AuditorCommand, AuditorState, AuditorEvent, AuditorContext>({
  commands: { InviteAuditor: true, RedeemAuditorClaim: true, EraseAuditorData: true },
  stream: (command) => `auditor-${command.personId}`,
  decider: auditorDecider,
  context: async ({ command, now, meta, facts }) => ({
    now,
    appointed: (await facts.steeringGroup()).auditors.includes(command.personId),
    issuedBy: meta.issuedBy?.personId,
  }),
  afterCommit: { InviteAuditor: mailAuditorClaimLink, EraseAuditorData: forgetAuditor },
});

type Done<T extends AuditorCommand['type']> = Committed<Extract<AuditorCommand, { type: T }>, AuditorEvent>;

/** As for a member: what is kept of them beside the log goes while it can still be read, then their key. */
async function forgetAuditor({ command }: Done<'EraseAuditorData'>, ports: RunnerPorts) {
  const [invited] = await ports.store.readStream(`auditor-${command.personId}`, { maxCount: 1 });
  const details = await appointeeOf(ports, (invited.data as { motionId: string }).motionId);
  await forgetSubject(ports, command.personId, details);
}

/**
 * The link goes to the address the motion named, and nowhere else: whoever proposed or carried the motion never
 * holds the auditor's credential (DESIGN §3).
 */
async function mailAuditorClaimLink({ command, events, secrets }: Done<'InviteAuditor'>, ports: RunnerPorts) {
  if (events.length === 0) return;
  const { personId, motionId, claim } = command;
  await mailAfterCommit(ports.logger, { personId, motionId }, async () => {
    const appointee = await appointeeOf(ports, motionId);
    if (!appointee) return;
    await ports.mailer.send({
      to: appointee.email,
      subject: 'You are appointed a Connect & Share auditor',
      text: [
        `Hello ${appointee.name},`,
        '',
        "The Connect & Share Steering Group has appointed you an auditor of the scheme's history.",
        ...claimLinkLines(ports.publicUrl, secrets.code, claim.expiresAt),
        'The token opens the audit routes (/api/v1/audit/...): the whole event history, its verification and export.',
        'Keep it to yourself: it acts as you.',
        '',
      ].join('\n'),
    });
  });
}

/** The appointee's name and address, sealed in the motion that named them; none once they are forgotten. */
async function appointeeOf(
  { store, personalData }: RunnerPorts,
  motionId: string,
): Promise<PersonalDetails | undefined> {
  const [proposed] = await store.readStream(`motion-${motionId}`, { maxCount: 1 });
  const personal = await personalData.open<PersonalDetails>(
    (proposed.data as { personal: SealedPersonal }).personal,
  );
  return 'forgotten' in personal ? undefined : personal;
}

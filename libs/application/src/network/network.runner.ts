import {
  NetworkCommand,
  NetworkContext,
  networkDecider,
  NetworkEvent,
  NetworkState,
  PersonalDetails,
} from '@app/domain';
import { parseCosignatureVerifierKey } from '@app/ledger';
import { CURRENT_PRINCIPLES, loadAuthorityRegister } from '@app/reference-data';
import { Committed, defineRunner, RunnerPorts } from '../command-runner';
import { mailAfterCommit } from '../mail/mailer';
import { SealedPersonal } from '../personal-data/personal-data';

const register = loadAuthorityRegister();

/** Networks run themselves: membership, tokens, seat, principles, authorities, webhooks, leaving. */
export const networkRunner = defineRunner<NetworkCommand, NetworkState, NetworkEvent, NetworkContext>({
  commands: {
    BootstrapFacilitator: true,
    EnrolNetwork: true,
    RedeemClaim: true,
    AdoptPrinciples: true,
    RegisterMember: true,
    ChangeMemberRoles: true,
    RemoveMember: true,
    IssueAccessToken: true,
    RevokeAccessToken: true,
    NominateRepresentative: true,
    AddMemberAuthority: true,
    RegisterWebhook: true,
    RemoveWebhook: true,
    RedeliverWebhook: true,
    DisableWebhook: true,
    SetAutomaticPublication: true,
    RegisterWitnessKey: true,
    LeaveScheme: true,
    ErasePersonalData: true,
    SuspendNetwork: true,
    ReinstateNetwork: true,
  },
  stream: async (command, facts) =>
    `network-${'networkId' in command ? command.networkId : await facts.networkOf(command.personId)}`,
  decider: networkDecider,
  context: async ({ command, now, meta, facts }) => ({
    now,
    actor: await facts.actor(meta.issuedBy),
    storeIsEmpty: command.type === 'BootstrapFacilitator' && (await facts.storeIsEmpty()),
    currentPrinciplesVersion: CURRENT_PRINCIPLES.version,
    isAuthorityCode: (code) => register.has(code),
    isWitnessKey,
  }),
  afterCommit: {
    EnrolNetwork: mailClaimLink,
    IssueAccessToken: mailIssuedToken,
    // Recorded first (who may do it is a rule); the key goes only once that is on record. Deleting a key is
    // idempotent, so a retried command deletes it again in case the first attempt stopped in between.
    RemoveWebhook: async ({ command }, { keys, clock }) =>
      void (await keys.forget(command.webhookId, clock.now())),
    ErasePersonalData: forgetPerson,
    DisableWebhook: mailWebhookDisabled,
  },
});

function isWitnessKey(key: string): boolean {
  try {
    parseCosignatureVerifierKey(key);
    return true;
  } catch {
    return false;
  }
}

type Done<T extends NetworkCommand['type']> = Committed<Extract<NetworkCommand, { type: T }>, NetworkEvent>;

/**
 * The first coordinator's claim link goes to the address in the request, and nowhere else: the facilitator that
 * enrolled the network never sees a credential of it (DESIGN §3).
 */
async function mailClaimLink({ command, events, secrets }: Done<'EnrolNetwork'>, ports: RunnerPorts) {
  if (events.length === 0) return;
  const { networkId, name, coordinator, claim } = command;
  await mailAfterCommit(ports.logger, { networkId, personId: coordinator.personId }, () =>
    ports.mailer.send({
      to: coordinator.email,
      subject: `Claim your Connect & Share access for ${name}`,
      text: [
        `Hello ${coordinator.name},`,
        '',
        `${name} is now enrolled in Connect & Share, and you are its first coordinator. Open this link to`,
        `receive your access token (it works once, until ${claim.expiresAt}):`,
        '',
        `${ports.publicUrl}/claim/${secrets.code}`,
        '',
        `Or send the code ${secrets.code} to POST /api/v1/claims as {"code": "..."}.`,
        '',
        "With the token you register your network's members and issue their tokens. Keep it to yourself: it acts",
        'as you.',
        '',
      ].join('\n'),
    }),
  );
}

async function mailIssuedToken({ command, events, secrets }: Done<'IssueAccessToken'>, ports: RunnerPorts) {
  if (events.length === 0) return;
  const { networkId, personId, token } = command;
  await mailAfterCommit(ports.logger, { networkId, personId }, async () => {
    const person = await detailsOf(ports, networkId, personId);
    if (!person?.email) return;
    await ports.mailer.send({
      to: person.email,
      subject: 'Your Connect & Share access token',
      text: [
        `Hello ${person.name},`,
        '',
        `Your network's coordinator has issued you an access token for Connect & Share (network ${networkId}):`,
        '',
        secrets.token,
        '',
        `It works until ${token.expiresAt}. Keep it to yourself: it acts as you. Send it with every request as`,
        '"Authorization: Bearer <token>".',
        '',
      ].join('\n'),
    });
  });
}

/** Each coordinator of the network is told that its webhook no longer gets deliveries, and why. */
async function mailWebhookDisabled({ command, events }: Done<'DisableWebhook'>, ports: RunnerPorts) {
  if (events.length === 0) return;
  const { networkId, webhookId, failingSince } = command;
  const network = await ports.facts.network(networkId);
  const url = network.webhooks[webhookId]?.url;
  for (const [personId, { roles }] of Object.entries(network.members)) {
    if (!roles.includes('coordinator')) continue;
    await mailAfterCommit(ports.logger, { networkId, personId, webhookId }, async () => {
      const person = await detailsOf(ports, networkId, personId);
      if (!person?.email) return;
      await ports.mailer.send({
        to: person.email,
        subject: 'Connect & Share: a webhook of your network was disabled',
        text: [
          `Hello ${person.name},`,
          '',
          `Every delivery to your network's webhook ${url} (${webhookId}) has failed since ${failingSince},`,
          'so it has been disabled and gets no more deliveries. Once the endpoint answers again, remove the',
          'webhook and register it again; its delivery log shows what failed.',
          '',
        ].join('\n'),
      });
    });
  }
}

/**
 * What is kept of the person outside the log goes while their details can still be read (mail held for them,
 * searches naming them), then their key: every sealed part of the log that names them becomes unreadable.
 */
async function forgetPerson({ command }: Done<'ErasePersonalData'>, ports: RunnerPorts) {
  const details = await detailsOf(ports, await ports.facts.networkOf(command.personId), command.personId);
  if (details) {
    if (details.email) await ports.mailer.discardMailTo(details.email);
    for (const traces of ports.traces) await traces.clear(details);
  }
  await ports.keys.forget(command.personId, ports.clock.now());
}

/**
 * Name and address from the sealed personal part of the person's registration (the decider has just found them
 * registered). None for a forgotten person; the bootstrapped first coordinator has no address.
 */
async function detailsOf(
  { store, personalData }: RunnerPorts,
  networkId: string,
  personId: string,
): Promise<PersonalDetails | undefined> {
  const registration = (await store.readStream(`network-${networkId}`)).find(
    (event) =>
      event.type === 'MemberRegistered' && (event.data as { personId: string }).personId === personId,
  )!;
  const personal = await personalData.open<PersonalDetails>(
    (registration.data as { personal: SealedPersonal }).personal,
  );
  return 'forgotten' in personal ? undefined : personal;
}

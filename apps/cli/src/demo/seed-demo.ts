import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandBus } from '@nestjs/cqrs';
import {
  bootstrapIfEmpty,
  DomainCommand,
  FixedClock,
  hashToken,
  newAccessToken,
  newClaim,
  RunCommand,
} from '@app/application';
import { DAY_MS, Verdict } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { CURRENT_PRINCIPLES } from '@app/reference-data';
import { demoNetworks, DemoNetwork, DemoPerson, demoPerson } from './demo-networks';
import { demoBody, DEMO_PRACTICES, DemoPractice } from './demo-practices';

export interface DemoSettings {
  dataDir: string;
  facilitatorNetworkId: string;
  facilitatorName: string;
  bootstrapToken?: string;
}

/** A demo person's token, as written to `DATA_DIR/demo-tokens.json`. */
export interface DemoToken {
  name: string;
  networkId: string;
  network: string;
  does: string;
  personId: string;
  token: string;
  expiresAt: string;
}

export interface DemoOutcome {
  tokenFile: string;
  tokens: DemoToken[];
  practices: number;
}

/** How long ago the demo's history starts: about six quarters of activity before today. */
const HISTORY_DAYS = 600;

type Send = (command: DomainCommand, secrets?: Record<string, string>) => Promise<{ events: unknown[] }>;

/** A step of the demo's story, run with the clock set to `at`. */
interface Step {
  at: number;
  run: () => Promise<unknown>;
}

/**
 * Seeds an empty store with a living history through the command bus, as every door sends commands: the seven
 * networks of the Steering Group with their people, seats and authorities, about forty practice items in every
 * state spread over the last six quarters, a carried and an open motion. Time is told by `clock`, moved along the
 * story so that review ages, decisions over time and activity per quarter look as they would after months of use;
 * the demo people's tokens are issued at `now`.
 */
export async function seedDemo(
  bus: CommandBus,
  store: EventStore,
  clock: FixedClock,
  settings: DemoSettings,
  now: Date,
): Promise<DemoOutcome> {
  const day = (daysAgo: number) => now.getTime() - daysAgo * DAY_MS;
  clock.set(new Date(day(HISTORY_DAYS)));
  const bootstrapped = await bootstrapIfEmpty(bus, store, settings, clock.now());
  if (!bootstrapped.bootstrapped)
    throw new Error('The event store is not empty: the demo seeds an empty one');
  const facilitator = { networkId: settings.facilitatorNetworkId, name: settings.facilitatorName };
  const networks = demoNetworks(facilitator);
  const ids = new Map<string, string>();
  const personId = (network: DemoNetwork, person: DemoPerson) =>
    ids.get(`${network.networkId}/${person.key}`)!;
  const send =
    (issuedBy?: { personId: string; networkId: string }): Send =>
    (command, secrets) =>
      bus.execute(new RunCommand(command, { commandId: randomUUID(), issuedBy }, secrets));
  const as = (networkId: string, personId: string) => send({ personId, networkId });
  const firstCoordinator = as(facilitator.networkId, bootstrapped.personId);

  for (const [index, network] of networks.entries()) {
    clock.set(new Date(day(HISTORY_DAYS - 2 - index * 3)));
    let coordinator: Send;
    if (network.networkId === facilitator.networkId) {
      coordinator = firstCoordinator;
      await enrolPerson(coordinator, network, network.coordinator, ids);
    } else {
      const coordinatorId = randomUUID();
      ids.set(`${network.networkId}/coordinator`, coordinatorId);
      // The public claims: no one issues it.
      await enrol(firstCoordinator, send(), network, coordinatorId, clock.now());
      coordinator = as(network.networkId, coordinatorId);
    }
    await coordinator({
      type: 'AdoptPrinciples',
      networkId: network.networkId,
      principlesVersion: CURRENT_PRINCIPLES.version,
    });
    for (const person of [network.representative, ...network.contributors])
      await enrolPerson(coordinator, network, person, ids);
    await coordinator({
      type: 'NominateRepresentative',
      networkId: network.networkId,
      personId: personId(network, network.representative),
    });
    for (const authorityCode of network.authorities)
      await coordinator({ type: 'AddMemberAuthority', networkId: network.networkId, authorityCode });
  }

  const member = (ref: string) => {
    const found = demoPerson(networks, ref);
    return { ...found, send: as(found.network.networkId, personId(found.network, found.person)) };
  };
  const networkIdOf = (practice: DemoPractice) =>
    practice.network === 'facilitator' ? facilitator.networkId : practice.network;
  const steps: Step[] = [
    ...DEMO_PRACTICES.flatMap((practice, index) =>
      practiceSteps(practice, index, {
        owner: member(`${networkIdOf(practice)}/${practice.by}`),
        reviewers: networks
          .filter((network) => network.networkId !== networkIdOf(practice))
          .map((network) => member(`${network.networkId}/representative`).send),
        day,
      }),
    ),
    ...motionSteps((networkId) => member(`${networkId}/representative`).send, networks, now, day),
  ].sort((a, b) => a.at - b.at);
  for (const step of steps) {
    clock.set(new Date(step.at));
    await step.run();
  }

  clock.set(now);
  const tokens: DemoToken[] = [];
  const signIns: Array<[string, string]> = [
    ...networks.map((network): [string, string] => [`${network.networkId}/representative`, 'represents']),
    [`wmha/contributor-1`, 'contributes to'],
    [`wmha/coordinator`, 'coordinates'],
    [`${facilitator.networkId}/coordinator`, 'coordinates'],
  ];
  for (const [ref, does] of signIns) {
    const { network, person } = member(ref);
    const { token, ...issued } = newAccessToken(now);
    await member(`${network.networkId}/coordinator`).send(
      {
        type: 'IssueAccessToken',
        networkId: network.networkId,
        personId: personId(network, person),
        token: issued,
      },
      { token },
    );
    tokens.push({
      name: person.name,
      networkId: network.networkId,
      network: network.name,
      does,
      personId: personId(network, person),
      token,
      expiresAt: issued.expiresAt,
    });
  }
  const tokenFile = join(settings.dataDir, 'demo-tokens.json');
  writeFileSync(tokenFile, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { tokenFile, tokens, practices: DEMO_PRACTICES.length };
}

/** The facilitator enrols a network; its first coordinator claims the mailed link at once. */
async function enrol(
  facilitator: Send,
  claimant: Send,
  network: DemoNetwork,
  coordinatorId: string,
  now: Date,
): Promise<void> {
  const { networkId, name, scope, region, coordinator } = network;
  const { code, claim } = newClaim({ networkId }, randomUUID(), now);
  await facilitator(
    {
      type: 'EnrolNetwork',
      networkId,
      name,
      scope,
      region,
      coordinator: { personId: coordinatorId, name: coordinator.name, email: coordinator.email },
      claim,
    },
    { code },
  );
  const { token: _unused, ...issued } = newAccessToken(now);
  await claimant({ type: 'RedeemClaim', networkId, codeHash: hashToken(code), token: issued });
}

async function enrolPerson(
  coordinator: Send,
  network: DemoNetwork,
  person: DemoPerson,
  ids: Map<string, string>,
): Promise<void> {
  const personId = randomUUID();
  ids.set(`${network.networkId}/${person.key}`, personId);
  await coordinator({
    type: 'RegisterMember',
    networkId: network.networkId,
    personId,
    roles: person.roles,
    personal: { name: person.name, email: person.email },
  });
}

const COMMENTS: Record<Verdict, string[]> = {
  approve: [
    'Clear, well evidenced and useful to other authorities. Approved.',
    'A good example with costs and results others can compare against.',
    'Approved: the method is described well enough to repeat.',
  ],
  request_changes: [
    'Please add the costs and how the results were measured, so others can judge whether it would work for them.',
    'Useful, but it needs more detail on the method and the evidence behind the outcome.',
  ],
  reject: [
    'This reads as internal notes rather than practice others could use; it names no method or results.',
    'Not suitable for the catalogue as it stands: there is nothing here another authority could apply.',
  ],
};

interface PracticeCast {
  owner: { person: DemoPerson; send: Send };
  /** The other networks' representatives, in a fixed order; each item picks its reviewers from them by index. */
  reviewers: Send[];
  day: (daysAgo: number) => number;
}

/** The commands that tell one item's story, each at its time (days after it was first submitted). */
function practiceSteps(
  practice: DemoPractice,
  index: number,
  { owner, reviewers, day }: PracticeCast,
): Step[] {
  const practiceId = randomUUID();
  const submittedAt = day(practice.submittedDaysAgo);
  const at = (days: number) => submittedAt + days * DAY_MS + (index % 7) * 3_600_000;
  const reviewer = (n: number) => reviewers[(index + n) % reviewers.length];
  const content = (revised: boolean) => ({
    title: practice.title,
    summary: practice.summary,
    body: demoBody(practice, revised),
    themes: practice.themes,
    authorities: practice.authorities,
    links: practice.links ?? [],
    attachments: [],
    ...(practice.savings ? { savings: practice.savings } : {}),
    contact: { name: owner.person.name, email: owner.person.email },
  });
  const review = (days: number, n: number, round: number, verdict: Verdict): Step => ({
    at: at(days),
    run: () =>
      reviewer(n)({
        type: 'ReviewPractice',
        practiceId,
        round,
        verdict,
        comment: COMMENTS[verdict][(index + n) % COMMENTS[verdict].length],
      }),
  });
  const ownerDoes = (days: number, command: DomainCommand): Step => ({
    at: at(days),
    run: () => owner.send(command),
  });
  const revise = (days: number, basedOnVersion: number) =>
    ownerDoes(days, {
      type: 'RevisePractice',
      practiceId,
      contactId: randomUUID(),
      basedOnVersion,
      content: content(true),
    });
  const publish = (days: number) => ownerDoes(days, { type: 'PublishPractice', practiceId });
  const published = [review(3, 0, 1, 'approve'), review(8, 1, 1, 'approve'), publish(10)];
  const stories: Record<DemoPractice['story'], Step[]> = {
    published,
    approved: [review(3, 0, 1, 'approve'), review(8, 1, 1, 'approve')],
    'in-review': practice.submittedDaysAgo > 10 ? [review(4, 0, 1, 'approve')] : [],
    'changes-requested': [review(3, 0, 1, 'approve'), review(6, 1, 1, 'request_changes')],
    rejected: [review(4, 0, 1, 'reject'), review(9, 1, 1, 'reject')],
    withdrawn: [
      review(3, 0, 1, 'approve'),
      ownerDoes(12, {
        type: 'WithdrawPractice',
        practiceId,
        reason: 'We will resubmit it with a full year of results.',
      }),
    ],
    'changes-then-published': [
      review(4, 0, 1, 'request_changes'),
      revise(20, 1),
      review(24, 1, 2, 'approve'),
      review(30, 2, 2, 'approve'),
      publish(32),
    ],
    'revised-and-republished': [
      ...published,
      revise(120, 1),
      review(125, 2, 2, 'approve'),
      review(131, 3, 2, 'approve'),
      publish(133),
    ],
    'revision-in-review': [
      ...published,
      revise(practice.submittedDaysAgo - 8, 1),
      review(practice.submittedDaysAgo - 5, 2, 2, 'approve'),
    ],
  };
  return [
    {
      at: at(0),
      run: () =>
        owner.send({ type: 'SubmitPractice', practiceId, contactId: randomUUID(), content: content(false) }),
    },
    ...stories[practice.story],
  ];
}

/**
 * A carried motion (this year's collection priorities, which the apply-carried-motions policy then sets) and an
 * open one (a longer review window with lazy consensus), voted on but short of a majority.
 */
function motionSteps(
  representative: (networkId: string) => Send,
  networks: DemoNetwork[],
  now: Date,
  day: (daysAgo: number) => number,
): Step[] {
  const [facilitator, wmha, msig, dmg, swha, gmrn, sesig] = networks.map((network) => network.networkId);
  const priorities = randomUUID();
  const policy = randomUUID();
  const vote = (
    at: number,
    networkId: string,
    motionId: string,
    vote: 'for' | 'against' | 'abstain',
  ): Step => ({
    at,
    run: () => representative(networkId)({ type: 'CastVote', motionId, vote }),
  });
  return [
    {
      at: day(75),
      run: () =>
        representative(sesig)({
          type: 'ProposeMotion',
          motionId: priorities,
          closesAt: new Date(day(60)).toISOString(),
          kind: 'set-priorities',
          payload: {
            period: String(now.getUTCFullYear()),
            themes: ['drainage', 'winter-service', 'street-lighting', 'footways-and-cycleways'],
          },
        }),
    },
    vote(day(74), sesig, priorities, 'for'),
    vote(day(73), swha, priorities, 'for'),
    vote(day(72), dmg, priorities, 'abstain'),
    vote(day(71), facilitator, priorities, 'for'),
    vote(day(70), gmrn, priorities, 'for'),
    {
      at: day(5),
      run: () =>
        representative(wmha)({
          type: 'ProposeMotion',
          motionId: policy,
          closesAt: new Date(now.getTime() + 9 * DAY_MS).toISOString(),
          kind: 'change-approval-policy',
          payload: { quorum: 2, reviewWindowDays: 21, lazyConsensusDays: 28 },
        }),
    },
    vote(day(4), wmha, policy, 'for'),
    vote(day(3), msig, policy, 'for'),
    vote(day(2), dmg, policy, 'against'),
  ];
}

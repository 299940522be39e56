import {
  type ApprovalPolicy,
  motionDecider,
  type MotionEvent,
  type MotionState,
  networkDecider,
  type NetworkEvent,
  type NetworkState,
  practiceDecider,
  steeringGroupDecider,
  type SteeringGroupEvent,
  type SteeringGroupState,
  type PracticeEvent,
  type PracticeState,
  subscriberDecider,
  type SubscriberEvent,
  type SubscriberState,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { LogFold, type SealedPersonal } from '@app/application';

export interface NetworkFacts {
  state: NetworkState;
  enrolledAt: string;
  /** The last new item or new version: the regular-update rule counts from here (or from enrolment). */
  lastSubmissionAt?: string;
}

/** A practice's state as notices read it: who gave its contacts is no notice's business. */
export type NoticedPracticeState = Omit<PracticeState, 'contacts'>;

export interface PracticeFacts {
  state: NoticedPracticeState;
  title: string;
  /** Who submitted the version in the workflow now. */
  submittedBy: string;
}

export interface SubscriberFacts {
  state: SubscriberState;
  /** The address of the latest request, sealed under the subscriber's key. */
  sealed?: SealedPersonal;
}

/** What a digest lists: a publication, while the item is still published. */
export interface Publication {
  practiceId: string;
  publishedAt: string;
}

/**
 * What notifications need to know, folded from the log with the deciders' own `evolve`: networks (seats,
 * coordinators, erasures), people's sealed details, practice rounds, open motions, the approval policy, subscribers
 * and publications. Its users catch it up first (`catchUp`), so a job run after the event that made it sees that
 * event. Never a read model: the worker has none.
 */
export class NotificationFacts extends LogFold {
  readonly networks = new Map<string, NetworkFacts>();
  readonly practices = new Map<string, PracticeFacts>();
  readonly motions = new Map<string, MotionState>();
  readonly subscribers = new Map<string, SubscriberFacts>();
  readonly publications: Publication[] = [];
  private steeringGroup: SteeringGroupState = steeringGroupDecider.initialState;
  /** Each person's details as registered (sealed), and their network. */
  private readonly people = new Map<string, { networkId: string; sealed: SealedPersonal }>();

  /** The approval policy in force. */
  get policy(): ApprovalPolicy {
    return this.steeringGroup.policy;
  }

  /** The seat holders of active networks other than `exceptNetworkId`, with their network. */
  seatHolders(exceptNetworkId?: string): Array<{ personId: string; networkId: string }> {
    return [...this.networks.values()]
      .map(({ state }) => state)
      .filter(
        (state) => state.status === 'active' && state.representative && state.networkId !== exceptNetworkId,
      )
      .map((state) => ({ personId: state.representative!, networkId: state.networkId! }));
  }

  /** The network's current coordinators. */
  coordinatorsOf(networkId: string): string[] {
    const members = this.networks.get(networkId)?.state.members ?? {};
    return Object.keys(members).filter((personId) => members[personId].roles.includes('coordinator'));
  }

  /** A person's sealed details, unless they were erased (their key may outlive the erasure by a moment). */
  detailsOf(personId: string): SealedPersonal | undefined {
    const person = this.people.get(personId);
    if (!person || this.networks.get(person.networkId)?.state.erased.includes(personId)) return undefined;
    return person.sealed;
  }

  networkOf(personId: string): string | undefined {
    return this.people.get(personId)?.networkId;
  }

  protected apply(event: RecordedEvent): void {
    const at = String(event.metadata.occurredAt ?? event.createdAt.toISOString());
    const [prefix] = event.stream.split('-', 1);
    switch (prefix) {
      case 'network':
        return this.applyNetwork({ type: event.type, data: event.data } as NetworkEvent, at);
      case 'practice':
        return this.applyPractice({ type: event.type, data: event.data } as PracticeEvent, at);
      case 'motion': {
        const motion = { type: event.type, data: event.data } as MotionEvent;
        const { motionId } = motion.data;
        this.motions.set(
          motionId,
          motionDecider.evolve(this.motions.get(motionId) ?? motionDecider.initialState, motion),
        );
        return;
      }
      case 'subscriber':
        return this.applySubscriber({ type: event.type, data: event.data } as SubscriberEvent);
    }
    if (event.stream === 'steering-group')
      this.steeringGroup = steeringGroupDecider.evolve(this.steeringGroup, {
        type: event.type,
        data: event.data,
      } as SteeringGroupEvent);
  }

  private applyNetwork(event: NetworkEvent, at: string): void {
    const { networkId } = event.data;
    const known = this.networks.get(networkId);
    const state = networkDecider.evolve(known?.state ?? networkDecider.initialState, event);
    this.networks.set(networkId, { ...known, state, enrolledAt: known?.enrolledAt ?? at });
    if (event.type === 'MemberRegistered')
      this.people.set(event.data.personId, {
        networkId,
        sealed: event.data.personal as unknown as SealedPersonal,
      });
  }

  private applyPractice(event: PracticeEvent, at: string): void {
    const { practiceId } = event.data;
    const known = this.practices.get(practiceId);
    const state = noticed(
      practiceDecider.evolve({ ...(known?.state ?? practiceDecider.initialState), contacts: [] }, event),
    );
    let { title = '', submittedBy = '' } = known ?? {};
    if (event.type === 'PracticeSubmitted' || event.type === 'PracticeRevised') {
      title = event.data.content.title;
      submittedBy = event.type === 'PracticeSubmitted' ? event.data.submittedBy : event.data.revisedBy;
      const network = this.networks.get(state.networkId!);
      if (network) network.lastSubmissionAt = at;
    }
    if (event.type === 'PracticePublished')
      this.publications.push({ practiceId: state.practiceId!, publishedAt: at });
    this.practices.set(practiceId, { state, title, submittedBy });
  }

  private applySubscriber(event: SubscriberEvent): void {
    const { subscriberId } = event.data;
    const known = this.subscribers.get(subscriberId);
    const state = subscriberDecider.evolve(known?.state ?? subscriberDecider.initialState, event);
    const sealed =
      event.type === 'SubscriptionRequested'
        ? (event.data.personal as unknown as SealedPersonal)
        : known?.sealed;
    this.subscribers.set(subscriberId, { state, sealed });
  }
}

/**
 * The state kept for every practice the log holds, built as one literal so that all share one hidden class: the
 * decider's spreads leave each state with a shape of its own (about 300 bytes more each, at 100,000 practices).
 */
function noticed({
  status,
  practiceId,
  networkId,
  version,
  round,
  roundOpenedAt,
  publishedVersion,
  reviews,
}: PracticeState): NoticedPracticeState {
  return { status, practiceId, networkId, version, round, roundOpenedAt, publishedVersion, reviews };
}

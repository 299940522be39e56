import type { Actor } from '../shared/actor';

export interface Attachment {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
}

/** What a network shares; `contact` is personal data and travels in the events' encrypted part. */
export interface PracticeContent {
  title: string;
  summary: string;
  body: string;
  themes: string[];
  authorities: string[];
  links: string[];
  attachments: Attachment[];
  savings?: { amountPerYear: number; basis: string };
  contact: { name: string; email: string };
}

export type Verdict = 'approve' | 'request_changes' | 'reject';

export type PracticeCommand =
  /** `contactId`: the key the contact is sealed under, so that it can be erased on its own. */
  | { type: 'SubmitPractice'; practiceId: string; contactId: string; content: PracticeContent }
  | { type: 'ReviewPractice'; practiceId: string; round: number; verdict: Verdict; comment: string }
  | {
      type: 'RevisePractice';
      practiceId: string;
      contactId: string;
      basedOnVersion: number;
      content: PracticeContent;
    }
  /**
   * By the owner network's members; or, with `of`, by the policy that follows erasures: the contacts given by a
   * person who has since been forgotten go with them.
   */
  | { type: 'EraseContact'; practiceId: string; of?: string }
  | { type: 'PublishPractice'; practiceId: string }
  | { type: 'PublishAutomatically'; practiceId: string }
  | { type: 'WithdrawPractice'; practiceId: string; reason: string }
  | { type: 'RetirePractice'; practiceId: string; reason: string; motionId: string }
  | { type: 'ConcludeLazyConsensus'; practiceId: string };

/** The approval policy in force, as carried motions set it. */
export interface ApprovalPolicy {
  version: number;
  quorum: number;
  reviewWindowDays: number;
  lazyConsensusDays?: number;
  /** A network with no submission for this many days is flagged and reminded. */
  updateIntervalDays: number;
}

/**
 * Facts from other streams that practice commands are decided against, loaded by the handler.
 * `actor` is absent for scheduled and motion-applied commands, which no person issues.
 */
export interface PracticeContext {
  now: Date;
  actor?: Actor;
  policy: ApprovalPolicy;
  /** Networks whose seats are filled and whose networks are active. */
  seatedNetworks: string[];
  /** The owning network has opted in to publication on approval (absent for a practice not yet submitted). */
  ownerPublishesOnApproval?: boolean;
  /** For `EraseContact` with `of`: that person's personal data has been erased. */
  personForgotten?: boolean;
}

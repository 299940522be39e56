import type { DomainEvent } from '../shared/decider';
import type { PracticeContent, Verdict } from './practice.commands';

/** Content without the contact, which is personal data: it travels in `personal`, encrypted per person. */
export type PublicContent = Omit<PracticeContent, 'contact'>;
export interface PracticePersonal {
  contact: PracticeContent['contact'];
}

export type PracticeEvent =
  | DomainEvent<
      'PracticeSubmitted',
      {
        practiceId: string;
        networkId: string;
        submittedBy: string;
        /** Names the key the contact is sealed under (absent in events recorded before contacts had their own). */
        contactId?: string;
        version: 1;
        round: 1;
        openedAt: string;
        content: PublicContent;
        personal: PracticePersonal;
      }
    >
  | DomainEvent<
      'ReviewRecorded',
      {
        practiceId: string;
        round: number;
        verdict: Verdict;
        comment: string;
        networkId: string;
        personId: string;
      }
    >
  | DomainEvent<'ChangesRequested', { practiceId: string; round: number }>
  | DomainEvent<
      'PracticeApproved',
      {
        practiceId: string;
        version: number;
        round: number;
        /** Why: the reviews that carried it, under which policy. */
        approvedBy: 'quorum' | 'lazy-consensus';
        approvals: string[];
        policyVersion: number;
        quorum: number;
      }
    >
  | DomainEvent<
      'PracticeRejected',
      {
        practiceId: string;
        version: number;
        round: number;
        rejections: string[];
        policyVersion: number;
        quorum: number;
      }
    >
  | DomainEvent<
      'PracticeRevised',
      {
        practiceId: string;
        version: number;
        round: number;
        openedAt: string;
        revisedBy: string;
        contactId?: string;
        content: PublicContent;
        personal: PracticePersonal;
      }
    >
  | DomainEvent<
      'PracticePublished',
      /** `publishedBy` a contributor, or `onApproval` when the network opted in to publication on approval. */
      { practiceId: string; version: number; publishedBy?: string; onApproval?: true }
    >
  | DomainEvent<'PracticeWithdrawn', { practiceId: string; reason: string; withdrawnBy: string }>
  | DomainEvent<
      'ContactErased',
      /** `erasedBy` a member of the owner network, or `forgotten`: the person who gave them was forgotten. */
      { practiceId: string; contactIds: string[]; erasedBy?: string; forgotten?: string }
    >
  | DomainEvent<'PracticeRetired', { practiceId: string; reason: string; motionId: string }>;

import type Database from 'better-sqlite3';
import { DAY_MS, type PublicContent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { catalogueProjection } from '../catalogue.projection';
import { eventRecorder } from '../../testing/event-recorder';

/** Events as the log would hold them, for the catalogue's specs: each one a day after the last, from `start`. */
export function catalogueEvents(db: Database.Database, start = '2026-11-01T10:00:00.000Z') {
  const record = eventRecorder();
  let day = 0;
  const event = (type: string, data: Record<string, unknown>): RecordedEvent =>
    record(type, data, new Date(Date.parse(start) + ++day * DAY_MS).toISOString());
  const content = (overrides: Partial<PublicContent> = {}): PublicContent => ({
    title: 'A practice',
    summary: 'What it is.',
    body: 'How it went.',
    themes: ['drainage'],
    authorities: [],
    links: [],
    attachments: [],
    ...overrides,
  });
  const sealed = (personId: string) => ({
    subject: personId,
    alg: 'A256GCM',
    iv: 'aXY=',
    ciphertext: 'Y2lwaGVy',
    tag: 'dGFn',
  });
  const apply = (...events: RecordedEvent[]) => events.forEach((e) => catalogueProjection.apply(db, e));

  return {
    apply,
    sealed,
    enrolled: (networkId: string, name: string, region?: string) =>
      event('NetworkEnrolled', { networkId, name, scope: 'regional', region, facilitator: false }),
    authorityAdded: (networkId: string, authorityCode: string) =>
      event('MemberAuthorityAdded', { networkId, authorityCode }),
    submitted: (practiceId: string, networkId: string, overrides: Partial<PublicContent> = {}) =>
      event('PracticeSubmitted', {
        practiceId,
        networkId,
        submittedBy: `${networkId}-contributor`,
        version: 1,
        round: 1,
        openedAt: start,
        content: content(overrides),
        personal: sealed(`${networkId}-contributor`),
      }),
    revised: (practiceId: string, version: number, overrides: Partial<PublicContent> = {}) =>
      event('PracticeRevised', {
        practiceId,
        version,
        round: version,
        openedAt: start,
        revisedBy: 'reviser',
        content: content(overrides),
        personal: sealed('reviser'),
      }),
    approvedBy: (practiceId: string, round: number, networkId: string) =>
      event('ReviewRecorded', {
        practiceId,
        round,
        verdict: 'approve',
        comment: 'Good',
        networkId,
        personId: `${networkId}-representative`,
      }),
    approved: (practiceId: string, version: number, approvals: string[]) =>
      event('PracticeApproved', {
        practiceId,
        version,
        round: version,
        approvedBy: 'quorum',
        approvals,
        policyVersion: 1,
        quorum: approvals.length,
      }),
    published: (practiceId: string, version: number) =>
      event('PracticePublished', { practiceId, version, publishedBy: 'p' }),
    withdrawn: (practiceId: string) =>
      event('PracticeWithdrawn', { practiceId, reason: 'Superseded', withdrawnBy: 'p' }),
    retired: (practiceId: string) =>
      event('PracticeRetired', { practiceId, reason: 'Out of date', motionId: 'm1' }),
    /** Submits and publishes version 1 in one go. */
    listed(practiceId: string, networkId: string, overrides: Partial<PublicContent> = {}) {
      apply(this.submitted(practiceId, networkId, overrides), this.published(practiceId, 1));
    },
  };
}

import { eventRecorder } from '../../testing/event-recorder';

/** Events as the log holds them, for the dashboard's specs, each timed by the `at` it is given. */
export function dashboardEvents() {
  const record = eventRecorder();
  const event = (type: string, occurredAt: string, data: Record<string, unknown>) =>
    record(type, data, occurredAt);
  const content = (title: string, themes: string[]) => ({
    title,
    summary: 's',
    body: 'b',
    themes,
    authorities: [],
    links: [],
    attachments: [],
  });
  return {
    event,
    submitted: (practiceId: string, networkId: string, at: string, themes = ['drainage']) =>
      event('PracticeSubmitted', at, {
        practiceId,
        networkId,
        submittedBy: 'p',
        version: 1,
        round: 1,
        openedAt: at,
        content: content(`Item ${practiceId}`, themes),
        personal: { sealed: 'x' },
      }),
    revised: (practiceId: string, round: number, at: string, themes: string[]) =>
      event('PracticeRevised', at, {
        practiceId,
        version: round,
        round,
        openedAt: at,
        revisedBy: 'p',
        content: content(`Item ${practiceId} v${round}`, themes),
        personal: { sealed: 'x' },
      }),
    reviewed: (
      practiceId: string,
      round: number,
      networkId: string,
      { at = '2026-01-01T00:00:00.000Z', verdict = 'approve' } = {},
    ) => event('ReviewRecorded', at, { practiceId, round, verdict, comment: '', networkId, personId: 'r' }),
    approved: (practiceId: string, at: string, { round = 1, approvedBy = 'quorum' } = {}) =>
      event('PracticeApproved', at, {
        practiceId,
        version: round,
        round,
        approvedBy,
        approvals: ['b', 'c'],
        policyVersion: 1,
        quorum: 2,
      }),
    published: (practiceId: string, at: string) =>
      event('PracticePublished', at, { practiceId, version: 1, publishedBy: 'p' }),
  };
}

import { practiceContent } from '../fixtures/practice-content';
import type { RunningApi } from './running-api';

/**
 * Material as the whole workflow makes it: submitted by `owner`'s token, approved by the seats of `reviewers`
 * (other networks), and published. Answers its id and the position of the publication (for `minPosition`).
 */
export async function publishedPractice(
  api: Pick<RunningApi, 'call'>,
  owner: string,
  reviewers: string[],
  overrides: Record<string, unknown> = {},
): Promise<{ practiceId: string; position: number }> {
  const submitted = await api.call('POST', '/practices', owner, practiceContent(overrides));
  if (submitted.status !== 201) throw new Error(`Submitting: ${JSON.stringify(submitted.body)}`);
  const { practiceId } = submitted.body;
  for (const reviewer of reviewers) {
    const review = { round: 1, verdict: 'approve', comment: 'Useful.' };
    const reviewed = await api.call('POST', `/practices/${practiceId}/reviews`, reviewer, review);
    if (reviewed.status !== 201) throw new Error(`Reviewing: ${JSON.stringify(reviewed.body)}`);
  }
  const published = await api.call('POST', `/practices/${practiceId}/publish`, owner);
  if (published.status !== 200) throw new Error(`Publishing: ${JSON.stringify(published.body)}`);
  return { practiceId, position: published.body.position };
}

import { join } from 'node:path';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { enrolSeatedNetworks, expectRefused, RunningApi, startApi } from '../support/running-api';
import { practiceContent } from '../fixtures/practice-content';

const FACILITATOR = 'facilitator-token-for-the-erasure-traces-test-0123456';
const content = practiceContent({ contact: { name: 'Connie Tact', email: 'connie@example.org' } });

/**
 * Forgetting a person leaves no trace of them that the service keeps: their tokens stop working, the mail held for
 * them goes, searches naming them go (and searches holding an e-mail address are never kept). A practice's contact
 * is sealed under a key of its own, so it can be erased without the submitter. (Found: all of these lingered.)
 */
describe('erasure leaves no traces', () => {
  let api: RunningApi;
  let tokens: Record<string, string>;
  const outboxTo = (address: string) =>
    readOutbox(join(api.dataDir, 'outbox')).filter((mail) => mail.to.includes(address));
  const unanswered = async (position: number) =>
    (await api.call('GET', `/dashboard?minPosition=${position}`, tokens.a)).body.unansweredSearches.top.map(
      (search: { query: string }) => search.query,
    );

  beforeAll(async () => {
    api = await startApi('erasure-traces', { BOOTSTRAP_TOKEN: FACILITATOR });
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    tokens = Object.fromEntries(Object.entries(coordinators).map(([id, { token }]) => [id, token]));
  });
  afterAll(() => api.close());

  it("a forgotten member's tokens, held mail and the searches naming them go", async () => {
    const member = await api.call('POST', '/networks/a/members', tokens.a, {
      name: 'Mia Forgetme',
      email: 'mia@example.org',
      roles: ['contributor'],
    });
    const issued = await api.call('POST', `/networks/a/members/${member.body.personId}/tokens`, tokens.a, {});
    expect(issued.status).toBe(201);
    expect(outboxTo('mia@example.org')).toHaveLength(1);
    for (const q of ['Mia Forgetme', 'mia@example.org', 'nothing about anyone'])
      expect((await api.call('GET', `/catalogue?q=${encodeURIComponent(q)}`)).body.total).toBe(0);
    const searched = await unanswered(issued.body.position);
    expect(searched).toEqual(expect.arrayContaining(['mia forgetme', 'nothing about anyone']));
    expect(searched).not.toContain('mia@example.org');

    const erased = await api.call('DELETE', `/people/${member.body.personId}/personal-data`, tokens.a);
    expect(erased.status).toBe(200);
    expect(outboxTo('mia@example.org')).toEqual([]);
    expect(await unanswered(erased.body.position)).toEqual(expect.not.arrayContaining(['mia forgetme']));
    expect(await unanswered(erased.body.position)).toContain('nothing about anyone');
    expect((await api.call('GET', `/me?minPosition=${erased.body.position}`, issued.body.token)).status).toBe(
      401,
    );
  });

  it("a practice's contact is erased on its own: the material and its submitter stay", async () => {
    const submitted = await api.call('POST', '/practices', tokens.a, content);
    const practiceId = submitted.body.practiceId;
    for (const reviewer of ['b', 'c'])
      await api.call('POST', `/practices/${practiceId}/reviews`, tokens[reviewer], {
        round: 1,
        verdict: 'approve',
        comment: '',
      });
    const published = await api.call('POST', `/practices/${practiceId}/publish`, tokens.a);
    const listed = await api.call('GET', `/catalogue/${practiceId}?minPosition=${published.body.position}`);
    expect(listed.body.contact).toEqual({ name: 'Connie Tact', email: 'connie@example.org' });

    await expectRefused(api, () => api.call('DELETE', `/practices/${practiceId}/contact`, tokens.b), 403);
    const erased = await api.call('DELETE', `/practices/${practiceId}/contact`, tokens.a);
    expect(erased.status).toBe(200);

    const after = await api.call('GET', `/catalogue/${practiceId}?minPosition=${erased.body.position}`);
    expect(after.status).toBe(200);
    expect(after.body.contact).toEqual({ forgotten: true });
    const network = await api.call('GET', '/networks/a', tokens.a);
    expect(network.body.members[0]).toMatchObject({ name: 'Coordinator a', email: 'a@example.org' });
  });
});

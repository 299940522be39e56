import { CURRENT_PRINCIPLES } from '@app/reference-data';
import {
  enrolNetwork,
  enrolSeatedNetworks,
  expectRefused,
  RunningApi,
  startApi,
} from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-practices-test-0123456789';
const content = {
  title: 'Gritting routes optimised with route-planning software',
  summary: 'Fewer routes, the same coverage of the priority network.',
  body: '## What we did\nRe-planned all routes.',
  themes: ['winter-service'],
  authorities: ['leeds'],
  links: ['https://example.org/report'],
  attachments: [],
  savings: { amountPerYear: 120000, basis: 'Two fewer gritters on standby' },
  contact: { name: 'Ann Example', email: 'ann@example.org' },
};

describe('the practice workflow over HTTP', () => {
  let api: RunningApi;
  const tokens: Record<string, string> = {};
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api.call(method, path, token, body);

  const refused = (
    method: string,
    path: string,
    token: string,
    body: unknown,
    status: number,
    type: string,
  ) => expectRefused(api, () => call(method, path, token, body), status, type);
  const view = async (practiceId: string) => (await call('GET', `/practices/${practiceId}`, tokens.a)).body;
  const review = (practiceId: string, networkId: string, comment = '') =>
    call('POST', `/practices/${practiceId}/reviews`, tokens[networkId], {
      round: 1,
      verdict: 'approve',
      comment,
    });

  /** a's material, as far along the workflow as each test needs it. */
  const given = {
    async submitted(): Promise<string> {
      const submitted = await call('POST', '/practices', tokens.a, content);
      expect(submitted.status).toBe(201);
      return submitted.body.practiceId;
    },
    async approved(): Promise<string> {
      const practiceId = await given.submitted();
      for (const networkId of ['b', 'c']) expect((await review(practiceId, networkId)).status).toBe(201);
      return practiceId;
    },
    async published(): Promise<string> {
      const practiceId = await given.approved();
      expect((await call('POST', `/practices/${practiceId}/publish`, tokens.a)).status).toBe(200);
      return practiceId;
    },
    async revised(): Promise<string> {
      const practiceId = await given.published();
      const revision = { ...content, title: 'Gritting routes, second edition', basedOnVersion: 1 };
      expect((await call('POST', `/practices/${practiceId}/revisions`, tokens.a, revision)).status).toBe(201);
      return practiceId;
    },
  };

  beforeAll(async () => {
    api = await startApi('practices', { BOOTSTRAP_TOKEN: FACILITATOR });
    // Three networks; each coordinator (also a contributor) holds their network's seat.
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    for (const [networkId, { token }] of Object.entries(coordinators)) tokens[networkId] = token;
  });
  afterAll(() => api.close());

  it('refuses a submission before the network adopts the principles', async () => {
    // A network without a seat, so that the seats the other tests count stay three.
    const { token } = await enrolNetwork(api, FACILITATOR, 'late');
    await refused('POST', '/practices', token, content, 422, 'principles-adopted');
    expect(
      (
        await call('POST', '/networks/late/principles', token, {
          principlesVersion: CURRENT_PRINCIPLES.version,
        })
      ).status,
    ).toBe(200);
    expect((await call('POST', '/practices', token, content)).status).toBe(201);
  });

  it('refuses bad content and unstored attachments, writing nothing', async () => {
    await refused(
      'POST',
      '/practices',
      tokens.a,
      { ...content, themes: ['potholes-and-more'] },
      400,
      'validation',
    );
    await refused(
      'POST',
      '/practices',
      tokens.a,
      { ...content, authorities: ['atlantis'] },
      400,
      'validation',
    );
    await refused('POST', '/practices', tokens.a, { ...content, title: 'x'.repeat(201) }, 400, 'validation');
    await refused(
      'POST',
      '/practices',
      tokens.a,
      {
        ...content,
        attachments: [{ sha256: 'a'.repeat(64), name: 'r.pdf', mediaType: 'application/pdf', size: 10 }],
      },
      422,
      'attachment-stored',
    );
  });

  it('submits version 1 in round 1', async () => {
    const submitted = await call('POST', '/practices', tokens.a, content);
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ version: 1, position: expect.any(Number) });
    const workflow = await view(submitted.body.practiceId);
    expect(workflow).toMatchObject({ networkId: 'a', state: 'submitted', version: 1, round: 1 });
    // Reviewers read the content; the contact is personal data and is not in the workflow view.
    const { contact: _contact, ...shown } = content;
    expect(workflow.content).toEqual(shown);
    expect(JSON.stringify(workflow)).not.toContain(content.contact.email);
  });

  it("refuses a review from the submitter's own network", async () => {
    const practiceId = await given.submitted();
    await refused(
      'POST',
      `/practices/${practiceId}/reviews`,
      tokens.a,
      { round: 1, verdict: 'approve', comment: '' },
      422,
      'conflict-of-interest',
    );
  });

  it('approves at quorum (2 of the 2 eligible seats), then the owner publishes', async () => {
    const practiceId = await given.submitted();
    expect((await review(practiceId, 'b', 'Clear')).status).toBe(201);
    await refused(
      'POST',
      `/practices/${practiceId}/reviews`,
      tokens.b,
      { round: 1, verdict: 'approve', comment: '' },
      422,
      'one-review-per-seat',
    );
    expect((await view(practiceId)).state).toBe('in_review');
    expect((await review(practiceId, 'c', 'Good')).status).toBe(201);
    expect(await view(practiceId)).toMatchObject({
      state: 'approved',
      reviews: { b: 'approve', c: 'approve' },
    });

    await refused('POST', `/practices/${practiceId}/publish`, tokens.b, undefined, 403, 'not-allowed');
    expect((await call('POST', `/practices/${practiceId}/publish`, tokens.a)).status).toBe(200);
    expect((await view(practiceId)).state).toBe('published');
  });

  it('a revision starts round 2 while version 1 stays published; stale rounds are refused', async () => {
    const practiceId = await given.published();
    const revised = await call('POST', `/practices/${practiceId}/revisions`, tokens.a, {
      ...content,
      title: 'Gritting routes, second edition',
      basedOnVersion: 1,
    });
    expect(revised).toMatchObject({ status: 201, body: { version: 2 } });
    expect(await view(practiceId)).toMatchObject({
      state: 'in_review',
      version: 2,
      round: 2,
      publishedVersion: 1,
      reviews: {},
    });
    await refused(
      'POST',
      `/practices/${practiceId}/reviews`,
      tokens.b,
      { round: 1, verdict: 'approve', comment: '' },
      409,
      'wrong-state',
    );
    await refused(
      'POST',
      `/practices/${practiceId}/revisions`,
      tokens.a,
      { ...content, basedOnVersion: 1 },
      409,
      'wrong-state',
    );
  });

  it('the owner withdraws it', async () => {
    const practiceId = await given.revised();
    expect(
      (await call('POST', `/practices/${practiceId}/withdraw`, tokens.a, { reason: 'Superseded' })).status,
    ).toBe(200);
    const final = await view(practiceId);
    expect(final.state).toBe('withdrawn');
    expect(final.history.map((entry: { type: string }) => entry.type)).toEqual([
      'PracticeSubmitted',
      'ReviewRecorded',
      'ReviewRecorded',
      'PracticeApproved',
      'PracticePublished',
      'PracticeRevised',
      'PracticeWithdrawn',
    ]);
    expect(JSON.stringify(final)).not.toContain('ann@example.org');
  });

  it('answers 404 for a practice that does not exist', async () => {
    expect((await call('GET', '/practices/6f1d7c2e-3b1a-4c55-9b1e-0d6a2f0c9a11', tokens.a)).status).toBe(404);
  });
});

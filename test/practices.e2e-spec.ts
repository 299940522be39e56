import { CURRENT_PRINCIPLES } from '@app/reference-data';
import { enrolSeatedNetworks, RunningApi, startApi } from './support/running-api';

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
  let practiceId: string;
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api.call(method, path, token, body);

  async function refused(
    method: string,
    path: string,
    token: string,
    body: unknown,
    status: number,
    type: string,
  ) {
    const before = await api.store.headPosition();
    const response = await call(method, path, token, body);
    expect({ status: response.status, type: response.body.type }).toEqual({
      status,
      type: `/problems/${type}`,
    });
    expect(await api.store.headPosition()).toBe(before);
  }
  const view = async () => (await call('GET', `/practices/${practiceId}`, tokens.a)).body;

  beforeAll(async () => {
    api = await startApi('practices', { BOOTSTRAP_TOKEN: FACILITATOR });
    // Three networks; each coordinator (also a contributor) holds their network's seat.
    const coordinators = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c'], {
      adoptPrinciples: false,
    });
    for (const [networkId, { token }] of Object.entries(coordinators)) tokens[networkId] = token;
  });
  afterAll(() => api.close());

  it('refuses a submission before the network adopts the principles', async () => {
    await refused('POST', '/practices', tokens.a, content, 422, 'principles-adopted');
    for (const networkId of ['a', 'b', 'c']) {
      expect(
        (
          await call('POST', `/networks/${networkId}/principles`, tokens[networkId], {
            principlesVersion: CURRENT_PRINCIPLES.version,
          })
        ).status,
      ).toBe(200);
    }
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
    practiceId = submitted.body.practiceId;
    const workflow = await view();
    expect(workflow).toMatchObject({ networkId: 'a', state: 'submitted', version: 1, round: 1 });
    // Reviewers read the content; the contact is personal data and is not in the workflow view.
    const { contact: _contact, ...shown } = content;
    expect(workflow.content).toEqual(shown);
    expect(JSON.stringify(workflow)).not.toContain(content.contact.email);
  });

  it("refuses a review from the submitter's own network", async () => {
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
    expect(
      (
        await call('POST', `/practices/${practiceId}/reviews`, tokens.b, {
          round: 1,
          verdict: 'approve',
          comment: 'Clear',
        })
      ).status,
    ).toBe(201);
    await refused(
      'POST',
      `/practices/${practiceId}/reviews`,
      tokens.b,
      { round: 1, verdict: 'approve', comment: '' },
      422,
      'one-review-per-seat',
    );
    expect((await view()).state).toBe('in_review');
    expect(
      (
        await call('POST', `/practices/${practiceId}/reviews`, tokens.c, {
          round: 1,
          verdict: 'approve',
          comment: 'Good',
        })
      ).status,
    ).toBe(201);
    expect(await view()).toMatchObject({ state: 'approved', reviews: { b: 'approve', c: 'approve' } });

    await refused('POST', `/practices/${practiceId}/publish`, tokens.b, undefined, 403, 'not-allowed');
    expect((await call('POST', `/practices/${practiceId}/publish`, tokens.a)).status).toBe(200);
    expect((await view()).state).toBe('published');
  });

  it('a revision starts round 2 while version 1 stays published; stale rounds are refused', async () => {
    const revised = await call('POST', `/practices/${practiceId}/revisions`, tokens.a, {
      ...content,
      title: 'Gritting routes, second edition',
      basedOnVersion: 1,
    });
    expect(revised).toMatchObject({ status: 201, body: { version: 2 } });
    expect(await view()).toMatchObject({
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
    expect(
      (await call('POST', `/practices/${practiceId}/withdraw`, tokens.a, { reason: 'Superseded' })).status,
    ).toBe(200);
    const final = await view();
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

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { CURRENT_PRINCIPLES } from '@app/reference-data';
import { createApi } from '../apps/api/src/api';

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
  let app: INestApplication;
  let dataDir: string;
  let base: string;
  let store: EventStore;
  const tokens: Record<string, string> = {};
  let practiceId: string;

  async function call(method: string, path: string, token: string | undefined, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  async function refused(
    method: string,
    path: string,
    token: string,
    body: unknown,
    status: number,
    type: string,
  ) {
    const before = await store.headPosition();
    const response = await call(method, path, token, body);
    expect({ status: response.status, type: response.body.type }).toEqual({
      status,
      type: `/problems/${type}`,
    });
    expect(await store.headPosition()).toBe(before);
  }
  const view = async () => (await call('GET', `/practices/${practiceId}`, tokens.a)).body;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cns-practices-'));
    app = await createApi(
      loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', BOOTSTRAP_TOKEN: FACILITATOR }),
    );
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/api/v1`;
    store = app.get(EventStore);
    // Three networks; each coordinator (also a contributor) holds their network's seat.
    for (const networkId of ['a', 'b', 'c']) {
      const enrolled = await call('POST', '/networks', FACILITATOR, {
        networkId,
        name: `Network ${networkId}`,
        scope: 'regional',
        coordinator: { name: `Coordinator ${networkId}`, email: `${networkId}@example.org` },
      });
      tokens[networkId] = enrolled.body.coordinator.token;
      const nominated = await call('PUT', `/networks/${networkId}/representative`, tokens[networkId], {
        personId: enrolled.body.coordinator.personId,
      });
      expect(nominated.status).toBe(200);
    }
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

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
    expect(await view()).toMatchObject({ networkId: 'a', state: 'submitted', version: 1, round: 1 });
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
      state: 'submitted',
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

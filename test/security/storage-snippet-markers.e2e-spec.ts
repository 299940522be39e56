import { randomUUID } from 'node:crypto';
import { RunningApi, startApi } from '../support/running-api';

describe('catalogue snippets over HTTP (issue 9, finding 14)', () => {
  let api: RunningApi;
  beforeAll(async () => (api = await startApi('storage-snippets')));
  afterAll(() => api.close());

  it('mark only the words searched for: snippet markers in material never come back as <mark>', async () => {
    // As the log would hold a practice whose body carries the private-use characters the snippets are marked with.
    const practiceId = randomUUID();
    const occurredAt = new Date().toISOString();
    const { position } = await api.store.appendToStream(`practice-${practiceId}`, [
      {
        id: randomUUID(),
        type: 'PracticeSubmitted',
        data: {
          practiceId,
          networkId: 'nht-network',
          submittedBy: randomUUID(),
          version: 1,
          round: 1,
          openedAt: occurredAt,
          content: {
            title: 'Forged highlights',
            summary: 'Sweepers at dawn.',
            body: 'Sweepers \uE000<img src=x onerror=alert(1)>\uE001 and \uE001\uE000 daily.',
            themes: ['carriageways'],
            authorities: [],
            links: [],
            attachments: [],
          },
          personal: {
            subject: randomUUID(),
            alg: 'A256GCM',
            iv: 'aXY=',
            ciphertext: 'Y2lwaGVy',
            tag: 'dGFn',
          },
        },
        metadata: { occurredAt },
      },
      {
        id: randomUUID(),
        type: 'PracticePublished',
        data: { practiceId, version: 1 },
        metadata: { occurredAt },
      },
    ]);

    const { status, body } = await api.call('GET', `/catalogue?q=sweepers&minPosition=${position}`);
    expect(status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({
        practiceId,
        snippet: '<mark>Sweepers</mark> &lt;img src=x onerror=alert(1)&gt; and  daily.',
      }),
    ]);
  });
});

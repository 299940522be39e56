import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PracticeEvent, practiceDecider, replay } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { NotificationFacts } from './notification-facts';

const content = {
  title: 'Shared gritting routes',
  summary: 'Two councils grit one route.',
  body: 'How it was done.',
  themes: ['winter-service'],
  authorities: [],
  links: [],
  attachments: [],
};
const personal = { contact: { name: 'A Contact', email: 'contact@example.org' } };

/** A practice through two rounds, a contact erased, published, then revised into review again. */
function life(practiceId: string): PracticeEvent[] {
  const review = (round: number, networkId: string): PracticeEvent => ({
    type: 'ReviewRecorded',
    data: {
      practiceId,
      round,
      verdict: 'approve',
      comment: 'Good',
      networkId,
      personId: `seat-${networkId}`,
    },
  });
  return [
    {
      type: 'PracticeSubmitted',
      data: {
        practiceId,
        networkId: 'wmha',
        submittedBy: 'p1',
        contactId: 'c1',
        version: 1,
        round: 1,
        openedAt: '2026-01-05T09:00:00.000Z',
        content,
        personal,
      },
    },
    review(1, 'sesig'),
    { type: 'ChangesRequested', data: { practiceId, round: 1 } },
    {
      type: 'PracticeRevised',
      data: {
        practiceId,
        version: 2,
        round: 2,
        openedAt: '2026-02-02T09:00:00.000Z',
        revisedBy: 'p2',
        contactId: 'c2',
        content: { ...content, title: 'Shared gritting routes, revised' },
        personal,
      },
    },
    review(2, 'sesig'),
    review(2, 'swha'),
    {
      type: 'PracticeApproved',
      data: {
        practiceId,
        version: 2,
        round: 2,
        approvedBy: 'quorum',
        approvals: ['sesig', 'swha'],
        policyVersion: 1,
        quorum: 2,
      },
    },
    { type: 'ContactErased', data: { practiceId, contactIds: ['c1'] } },
    { type: 'PracticePublished', data: { practiceId, version: 2 } },
    {
      type: 'PracticeRevised',
      data: {
        practiceId,
        version: 3,
        round: 3,
        openedAt: '2026-03-02T09:00:00.000Z',
        revisedBy: 'p1',
        content: { ...content, title: 'Shared gritting routes, third version' },
        personal,
      },
    },
    review(3, 'swha'),
  ];
}

describe('notification facts', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'notification-facts-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keep each practice's state as the decider folds it, after every event, all but its contacts", async () => {
    const practiceId = randomUUID();
    const facts = new NotificationFacts(store);
    const events = life(practiceId);
    for (const [index, event] of events.entries()) {
      await store.appendToStream(`practice-${practiceId}`, [{ id: randomUUID(), ...event }]);
      await facts.catchUp();
      const { contacts: _contacts, ...expected } = replay(practiceDecider, events.slice(0, index + 1));
      const kept = facts.practices.get(practiceId)!.state;
      expect(kept).toEqual(expected);
      expect(kept).not.toHaveProperty('contacts');
    }
    expect(facts.practices.get(practiceId)).toMatchObject({
      title: 'Shared gritting routes, third version',
      submittedBy: 'p1',
    });
    expect(facts.publications).toStrictEqual([{ practiceId, publishedAt: expect.any(String) }]);
  });
});

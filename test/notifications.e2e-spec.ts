import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { Clock, FixedClock } from '@app/application';
import { loadConfig } from '@app/config';
import { DAY_MS } from '@app/domain';
import { readOutbox, OutboxMail } from '@app/infrastructure/testing/read-outbox';
import {
  BullmqJobQueue,
  DueNoticeScheduler,
  JobQueue,
  JobRunner,
  JobWork,
  Notice,
  NoticeMailHandler,
  NoticeSource,
  SqliteJobQueue,
} from '@app/jobs';
import { CURRENT_PRINCIPLES } from '@app/reference-data';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { practiceContent } from './fixtures/practice-content';
import { eventually } from './support/eventually';
import {
  answerOf,
  enrolSeatedNetworks,
  enrolNetwork,
  eventuallyAppended,
  expectRefused,
  RunningApi,
  startApi,
  succeeds,
} from './support/running-api';

const FACILITATOR = 'facilitator-token-for-the-notifications-test-0123456789';
const PUBLIC_URL = 'https://cns.example.test';
/** Day 0, a Monday: weeks (for the digest) start on Mondays, UTC. */
const DAY_0 = new Date('2026-11-30T09:00:00.000Z');
const day = (n: number) => new Date(DAY_0.getTime() + n * DAY_MS);
const REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Notifications, reminders and the digest over a real API (real SQLite, real HTTP), whose clock the test moves on,
 * with the jobs run by the API on the in-process queue, or by the worker (in this process, on the same clock and
 * DATA_DIR) on BullMQ with the real Redis. Networks a, b, c hold seats (their first coordinators, `<id>@example.org`); d has none.
 * The test runs the due-notice rounds itself, and waits for the notices' reactor and the queue to be done before it
 * reads the outbox, so "nobody else got one" is said of finished work. Each test goes on from the one before.
 */
describe.each([
  ['the in-process queue', {}],
  // Keys of their own on the shared Redis, removed afterwards.
  ['BullMQ and the worker', { REDIS_URL, JOB_QUEUE_PREFIX: `cns-notifications-${process.pid}` }],
])('notifications, reminders and the digest (%s)', (_, jobsEnv: Record<string, string>) => {
  const clock = new FixedClock(DAY_0);
  const dataDir = mkdtempSync(join(tmpdir(), 'cns-notifications-'));
  const env: Record<string, string> = {
    BOOTSTRAP_TOKEN: FACILITATOR,
    PUBLIC_URL,
    SCHEDULER_INTERVAL_MS: String(3_600_000),
    ...jobsEnv,
  };
  let api: RunningApi;
  /** Where the jobs run: the API, or the worker beside it. */
  let jobs: INestApplicationContext;
  let worker: INestApplicationContext | undefined;
  const tokens: Record<string, string> = {};
  const people: Record<string, string> = {};
  const practices: Record<string, string> = {};
  const seen = new Set<string>();

  /** An API on `dataDir`, which outlives it (`close` removes only the directory `startApi` made and left unused). */
  const startOn = async (dir: string): Promise<RunningApi> => ({
    ...(await startApi('notifications', { ...env, DATA_DIR: dir }, { clock })),
    dataDir: dir,
  });
  /** The API, and with Redis the worker, on `dataDir`. */
  async function start(): Promise<void> {
    api = await startOn(dataDir);
    if (!env.REDIS_URL) {
      jobs = api.app;
      return;
    }
    const config = loadConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    jobs = worker = await moduleRef.init();
  }
  async function stop(): Promise<void> {
    await worker?.close();
    await api.close();
  }

  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api.call(method, path, token, body);

  /** The notices' reactor has seen the whole log and the notices' queue has nothing left to run. */
  async function settled(): Promise<void> {
    const head = await api.store.headPosition();
    const notices = jobs.get(JobWork).reactors.find((reactor) => reactor.name === 'notices')!;
    const mailJobs = async () => (await jobs.get(JobRunner).counts())['notice-mail'];
    await eventually('notices queued and sent', async () => {
      if (notices.position === undefined || notices.position < head) return false;
      const counts = await mailJobs();
      return !counts || counts.waiting + counts.active + counts.delayed === 0;
    });
    expect((await mailJobs())?.failed ?? 0).toBe(0);
  }
  /** One round of due notices, on the clock as it stands, carried out. */
  async function noticesRun(): Promise<void> {
    await settled();
    await jobs.get(DueNoticeScheduler).runDue();
    await settled();
  }
  /** Mails sent since the last look, as `to | subject`, sorted. */
  function newMails(): OutboxMail[] {
    const fresh = readOutbox(join(dataDir, 'outbox')).filter((mail) => !seen.has(mail.file));
    fresh.forEach((mail) => seen.add(mail.file));
    return fresh;
  }
  const summary = (mails: OutboxMail[]) => mails.map((mail) => `${mail.to} | ${mail.subject}`).sort();
  const review = (practiceId: string, networkId: string, verdict: string, round = 1) =>
    succeeds(
      call('POST', `/practices/${practiceId}/reviews`, tokens[networkId], {
        round,
        verdict,
        comment: 'Looks <good>',
      }),
    );
  async function submit(networkId: string, title: string): Promise<string> {
    const submitted = await succeeds(
      call('POST', '/practices', tokens[networkId], practiceContent({ title })),
    );
    return submitted.body.practiceId;
  }

  beforeAll(async () => {
    await start();
    expect(jobs.get(JobRunner)).toBeInstanceOf(env.REDIS_URL ? BullmqJobQueue : SqliteJobQueue);
    const seated = await enrolSeatedNetworks(api, FACILITATOR, ['a', 'b', 'c']);
    const d = await enrolNetwork(api, FACILITATOR, 'd');
    await succeeds(
      call('POST', '/networks/d/principles', d.token, { principlesVersion: CURRENT_PRINCIPLES.version }),
      200,
    );
    for (const [networkId, { token, personId }] of Object.entries({ ...seated, d })) {
      people[networkId] = personId;
      // Tokens that outlive the scenario's 100 days.
      const issued = await call('POST', `/networks/${networkId}/members/${personId}/tokens`, token, {
        expiresInDays: 365,
      });
      tokens[networkId] = issued.body.token;
    }
    await settled();
    newMails();
  });
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (env.REDIS_URL) {
      const redis = new Redis(env.REDIS_URL);
      const keys = await redis.keys(`${env.JOB_QUEUE_PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it('tells seat holders of material entering review in one mail a day, the day after, listing what is new', async () => {
    practices.p1 = await submit('a', 'Gully cleansing by risk');
    practices.p2 = await submit('a', 'Shared salt barns');
    await noticesRun();
    expect(newMails()).toEqual([]);

    clock.set(day(1));
    await noticesRun();
    const mails = newMails();
    expect(summary(mails)).toEqual([
      'b@example.org | New material to review (30 November 2026)',
      'c@example.org | New material to review (30 November 2026)',
    ]);
    for (const mail of mails) {
      expect(mail.text).toContain('Gully cleansing by risk');
      expect(mail.text).toContain(`${PUBLIC_URL}/review/${practices.p2}`);
      expect(mail.html).toContain(
        `<a href="${PUBLIC_URL}/review/${practices.p1}">Gully cleansing by risk</a>`,
      );
    }
    await noticesRun();
    expect(newMails()).toEqual([]);
  });

  it('tells the submitting network of each review, approval and publication, once, and nobody else', async () => {
    await review(practices.p1, 'b', 'approve');
    await settled();
    const [reviewed] = newMails();
    expect(summary([reviewed])).toEqual([
      'a@example.org | A Steering Group seat has reviewed "Gully cleansing by risk"',
    ]);
    expect(reviewed.text).toContain('Verdict: approve.');
    // A seat's comment is escaped in the HTML.
    expect(reviewed.html).toContain('Comment: Looks &lt;good&gt;');

    await review(practices.p1, 'c', 'approve');
    await succeeds(call('POST', `/practices/${practices.p1}/publish`, tokens.a), 200);
    await settled();
    expect(summary(newMails())).toEqual([
      'a@example.org | "Gully cleansing by risk" has been approved',
      'a@example.org | "Gully cleansing by risk" is published in the public catalogue',
      'a@example.org | A Steering Group seat has reviewed "Gully cleansing by risk"',
    ]);
  });

  it('sends one mail for an event consumed twice', async () => {
    const approved = (await api.store.readStream(`practice-${practices.p1}`)).find(
      (event) => event.type === 'PracticeApproved',
    )!;
    const again = await jobs.get(NoticeSource).jobsFor(approved);
    expect(again).toHaveLength(1);
    for (const job of again) {
      await jobs.get(JobQueue).add(job);
      await jobs.get(NoticeMailHandler).run(job.data as Notice);
    }
    await settled();
    expect(newMails()).toEqual([]);
  });

  it('mails the weekly digest to confirmed subscribers, with one-click unsubscription (RFC 8058)', async () => {
    for (const email of ['form@example.org', 'multipart@example.org', 'pending@example.org'])
      expect((await call('POST', '/subscriptions', undefined, { email })).status).toBe(202);
    for (const confirmation of newMails().filter((mail) => !mail.to.startsWith('pending'))) {
      // The mailed link opens the confirm page; the page confirms through the API.
      const confirm = new RegExp(`^${PUBLIC_URL}/subscribe/confirm\\?token=(\\S+)$`, 'm');
      const token = confirm.exec(confirmation.text)![1];
      await succeeds(call('POST', '/subscriptions/confirm', undefined, { token }), 200);
    }
    await noticesRun();
    expect(newMails()).toEqual([]); // the week of the publication is not over

    clock.set(day(7));
    await noticesRun();
    const digests = newMails();
    expect(summary(digests)).toEqual([
      'form@example.org | New in the Connect & Share catalogue, week of 30 November 2026',
      'multipart@example.org | New in the Connect & Share catalogue, week of 30 November 2026',
    ]);
    const oneClick: Record<string, string> = {};
    for (const digest of digests) {
      expect(digest.text).toContain(`Gully cleansing by risk\n  ${PUBLIC_URL}/practices/${practices.p1}`);
      expect(digest.text).not.toContain('Shared salt barns');
      expect(digest.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      const link = /^<(https:\/\/[^>]+)>$/.exec(digest.headers['list-unsubscribe'])![1];
      expect(link).toMatch(
        new RegExp(
          `^${PUBLIC_URL}/api/v1/subscriptions/unsubscribe/one-click\\?token=[0-9a-f]{32}\\.[\\w-]{43}$`,
        ),
      );
      // The link as a mail client uses it, on this API.
      oneClick[digest.to.split('@')[0]] = link.replace(`${PUBLIC_URL}/api/v1`, api.base);
    }
    expect(oneClick.form).not.toBe(oneClick.multipart);
    const unsubscribed = (url: string) =>
      eventuallyAppended(api.store, `subscriber-${/token=([0-9a-f]{32})\./.exec(url)![1]}`, 'Unsubscribed');

    // A browser opening it is shown the page, which asks first: a GET changes nothing.
    const opened = await fetch(oneClick.form, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(
      `${PUBLIC_URL}/subscribe/unsubscribe?token=${new URL(oneClick.form).searchParams.get('token')}`,
    );
    const form = (body: string) =>
      fetch(oneClick.form, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    await expectRefused(api, async () => answerOf(await form('List-Unsubscribe=Please')), 400, 'validation');
    // RFC 8058 §3.1: the body comes form-encoded or as multipart/form-data.
    expect((await form('List-Unsubscribe=One-Click')).status).toBe(200);
    await unsubscribed(oneClick.form);
    const multipart = new FormData();
    multipart.append('List-Unsubscribe', 'One-Click');
    expect((await fetch(oneClick.multipart, { method: 'POST', body: multipart })).status).toBe(200);
    await unsubscribed(oneClick.multipart);

    // Nothing more for them the week after, though there is news.
    await succeeds(call('POST', `/practices/${practices.p2}/withdraw`, tokens.a, { reason: 'Merged' }), 200);
    practices.p3 = await submit('b', 'Verge cutting for pollinators');
    await review(practices.p3, 'a', 'approve');
    await review(practices.p3, 'c', 'approve');
    await succeeds(call('POST', `/practices/${practices.p3}/publish`, tokens.b), 200);
    clock.set(day(14));
    await noticesRun();
    expect(newMails().filter((mail) => /catalogue, week of/.test(mail.subject))).toEqual([]);
  });

  it('reminds seat holders who have not reviewed, 3 days before the review window ends', async () => {
    practices.p4 = await submit('c', 'Pothole triage by photo');
    await review(practices.p4, 'a', 'approve');
    await settled();
    expect(summary(newMails())).toEqual([
      'c@example.org | A Steering Group seat has reviewed "Pothole triage by photo"',
    ]);
    clock.set(day(14 + 10));
    await noticesRun();
    expect(newMails()).toEqual([]);

    clock.set(day(14 + 11));
    await noticesRun();
    expect(summary(newMails())).toEqual([
      'b@example.org | Reminder: the review window for "Pothole triage by photo" ends on 28 December 2026',
    ]);
    await noticesRun();
    expect(newMails()).toEqual([]);
  });

  it('reminds seat holders whose network has not voted, 2 days before a motion closes', async () => {
    const proposed = await succeeds(
      call('POST', '/motions', tokens.a, {
        kind: 'set-priorities',
        payload: { period: '2027', themes: ['drainage'] },
        closesAt: day(14 + 11 + 5).toISOString(),
      }),
    );
    await succeeds(call('POST', `/motions/${proposed.body.motionId}/votes`, tokens.a, { vote: 'for' }), 200);
    clock.set(day(14 + 11 + 3));
    await noticesRun();
    expect(summary(newMails())).toEqual([
      'b@example.org | Reminder: a motion closes on 30 December 2026; your network has not voted',
      'c@example.org | Reminder: a motion closes on 30 December 2026; your network has not voted',
    ]);
  });

  it('reminds seat holders 2 days before lazy consensus concludes a round', async () => {
    const policy = await succeeds(
      call('POST', '/motions', tokens.a, {
        kind: 'change-approval-policy',
        payload: { quorum: 2, reviewWindowDays: 14, lazyConsensusDays: 5 },
        closesAt: day(40).toISOString(),
      }),
    );
    await succeeds(call('POST', `/motions/${policy.body.motionId}/votes`, tokens.a, { vote: 'for' }), 200);
    await succeeds(call('POST', `/motions/${policy.body.motionId}/votes`, tokens.b, { vote: 'for' }), 200);
    await eventuallyAppended(api.store, 'steering-group', 'ApprovalPolicyChanged');
    const opened = clock.now();
    practices.p5 = await submit('c', 'Night-time resurfacing windows');
    await review(practices.p5, 'a', 'approve');
    clock.set(new Date(opened.getTime() + 3 * DAY_MS + 3_600_000));
    await noticesRun();
    expect(summary(newMails().filter((mail) => /lazy consensus/.test(mail.subject)))).toEqual([
      'b@example.org | Reminder: "Night-time resurfacing windows" will be approved by lazy consensus on 2 January 2027',
    ]);
  });

  it('warns coordinators 14 days before their network is flagged for no submission, and when it is; an erased person gets nothing', async () => {
    // d never submitted: flagged 90 days after its enrolment. A second coordinator is forgotten.
    const second = await succeeds(
      call('POST', '/networks/d/members', tokens.d, {
        name: 'Dee Second',
        email: 'second@example.org',
        roles: ['coordinator'],
      }),
    );
    await succeeds(call('DELETE', `/people/${second.body.personId}/personal-data`, tokens.d), 200);
    // a, b and c submit on day 70, which moves their flag on.
    clock.set(day(70));
    for (const networkId of ['a', 'b', 'c']) await submit(networkId, `Update from ${networkId}`);

    clock.set(day(75));
    await noticesRun();
    expect(newMails().filter((mail) => /flagged/.test(mail.subject))).toEqual([]);
    clock.set(new Date(day(76).getTime() + 3_600_000));
    await noticesRun();
    expect(summary(newMails().filter((mail) => /flagged/.test(mail.subject)))).toEqual([
      'd@example.org | Your network will be flagged for no submission on 28 February 2027',
    ]);
    clock.set(new Date(day(90).getTime() + 3_600_000));
    await noticesRun();
    expect(summary(newMails().filter((mail) => /flagged/.test(mail.subject)))).toEqual([
      'd@example.org | Your network is flagged for no submission',
    ]);
  });

  it('sends nothing twice across an API restart, though every event is delivered again', async () => {
    await settled();
    newMails();
    await stop();
    // The notices' reactor starts again from the beginning of the log.
    const reactors = new Database(join(dataDir, 'reactors.sqlite'));
    reactors.prepare("DELETE FROM reactor_checkpoints WHERE name = 'notices'").run();
    reactors.close();

    await start();
    await noticesRun();
    expect(newMails()).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { lastClosedQuarter, quarterOf } from '@app/domain';
import { verifyExport } from '@app/event-store';
import { eventually } from '../support/eventually';
import { practiceContent } from '../fixtures/practice-content';
import { enrolSeatedNetworks, RunningApi, startApi, succeeds } from '../support/running-api';
import { WebhookReceiver, webhookCoordinator } from '../support/webhook-receiver';
import { follow, launchBrowser, newVisitor, screenshot, seriousViolations } from './browser';

const FACILITATOR = 'facilitator-token-for-the-coordinator-tools-test-0123';
/** Loopback over HTTP, and a failing delivery given up in a second rather than a day. */
const ENV = {
  BOOTSTRAP_TOKEN: FACILITATOR,
  WEBHOOK_ALLOW_PRIVATE: 'true',
  JOB_BACKOFF_MS: '200',
  JOB_MAX_BACKOFF_MS: '400',
  JOB_ATTEMPTS: '2',
};

/** The coordinator's webhooks, the progress report, the audit export and the search's tolerance, in a browser. */
describe("coordinators' and auditors' tools (browser)", () => {
  jest.setTimeout(60_000);

  let api: RunningApi;
  let receiver: WebhookReceiver;
  let origin: string;
  let browser: Browser;
  let coordinator: { token: string; personId: string };

  beforeAll(async () => {
    // The browser first: if it cannot start, nothing is left running to keep Jest from exiting.
    browser = await launchBrowser();
    [api, receiver] = await Promise.all([startApi('pages-coordinator-tools', ENV), WebhookReceiver.start()]);
    origin = new URL(api.base).origin;
    ({ west: coordinator } = await enrolSeatedNetworks(api, FACILITATOR, ['west', 'east']));
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await receiver?.close();
  });

  /** A new browser profile signed in with `token`, on `path`. */
  async function signedIn(token: string, path: string): Promise<Page> {
    const page = await (await newVisitor(browser, origin)).newPage();
    await page.goto(`/sign-in?next=${encodeURIComponent(path)}`);
    await page.getByLabel('Access token').fill(token);
    await follow(page.getByRole('button', { name: 'Sign in' }));
    expect(new URL(page.url()).pathname).toBe(path);
    return page;
  }

  it('registers a webhook for chosen events with its secret shown once, redelivers a failed delivery, and removes it', async () => {
    const page = await signedIn(coordinator.token, '/network');
    await expect(page.locator('#webhooks ~ p').first().innerText()).resolves.toMatch(/Standard Webhooks/);

    const before = await api.store.headPosition();
    await page.getByLabel('Register a webhook: its address').fill('not an address');
    await follow(page.getByRole('button', { name: 'Register webhook' }));
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toMatch(
      /Enter the address deliveries go to/,
    );
    await expect(page.getByLabel('Register a webhook: its address').inputValue()).resolves.toBe(
      'not an address',
    );
    expect(await api.store.headPosition()).toBe(before);
    expect(await seriousViolations(page)).toEqual([]);
    // The session's cookie without the form's CSRF token: refused, nothing written.
    const forged = await page.request.post('/network/webhooks', {
      form: { webhookUrl: `${receiver.url}/forged` },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await api.store.headPosition()).toBe(before);

    receiver.answer = () => ({ status: 503 });
    await page.getByLabel('Register a webhook: its address').fill(`${receiver.url}/west`);
    await page.getByLabel('Material submitted for review').check();
    await follow(page.getByRole('button', { name: 'Register webhook' }));
    await expect(page.locator('h1').innerText()).resolves.toBe('Webhook registered');
    const secret = (await page.locator('#secret').innerText()).trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'webhook-registered');

    await follow(page.getByRole('link', { name: 'Back to webhooks' }));
    const row = page.locator('#webhooks ~ table tbody tr');
    await expect(row.innerText()).resolves.toMatch(
      new RegExp(`${receiver.url}/west\\s+Material submitted for review`),
    );

    // A submission is delivered, refused twice by the receiver, and given up.
    const practiceId = await webhookCoordinator(api, receiver, 'west', coordinator.token).submit(
      'Delivered twice',
    );
    await follow(row.getByRole('link', { name: /Deliveries/ }));
    const delivery = page.locator('main table tbody tr');
    await eventually('the delivery given up', async () => {
      await page.reload();
      return /Failed/.test(await delivery.innerText());
    });
    await expect(delivery.innerText()).resolves.toMatch(
      /Material submitted for review\s+practice\.submitted[\s\S]*Failed\s+2\s+HTTP 503\s+–/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'webhook-deliveries');

    receiver.answer = () => ({ status: 204 });
    await follow(delivery.getByRole('button', { name: /^Redeliver practice\.submitted/ }));
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toMatch(
      /The delivery of practice\.submitted will be made again/,
    );
    await eventually('the redelivery', async () => {
      await page.reload();
      return /Delivered\s+\d+\s+HTTP 204/.test(await delivery.innerText());
    });
    const sent = receiver.at('/west').filter((request) => request.body.includes(practiceId));
    expect(sent).toHaveLength(3);
    // The secret the page showed is the one deliveries are signed with.
    const last = sent[2];
    expect(new Webhook(secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({
      type: 'practice.submitted',
    });

    await page.goto('/network');
    await follow(page.getByRole('button', { name: `Remove the webhook to ${receiver.url}/west` }));
    await expect(page.locator('#webhooks ~ p').nth(1).innerText()).resolves.toBe('No webhooks registered.');
    const events = await api.store.readStream('network-west');
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['WebhookRegistered', 'WebhookRedeliveryRequested', 'WebhookRemoved']),
    );
  });

  it('shows the progress report of the last closed quarter, any other on request, and its CSV', async () => {
    await succeeds(api.call('POST', '/practices', coordinator.token, practiceContent({ title: 'Counted' })));
    const page = await signedIn(coordinator.token, '/dashboard');
    await follow(page.getByRole('link', { name: 'Progress report' }));
    const now = new Date();
    await expect(page.locator('h1').innerText()).resolves.toBe(lastClosedQuarter(now));
    expect(await seriousViolations(page)).toEqual([]);

    const current = quarterOf(now);
    await page.getByLabel('Quarter').selectOption(current);
    await follow(page.getByRole('button', { name: 'Show this quarter' }));
    await expect(page.locator('h1').innerText()).resolves.toBe(current);
    await expect(page.locator('main .govuk-tag').first().innerText()).resolves.toBe('Provisional');
    const { body: report } = await api.call('GET', `/reports/progress?quarter=${current}`, coordinator.token);
    const activity = page.locator('table', { hasText: 'Activity per network' });
    await expect(activity.locator('tbody tr').last().innerText()).resolves.toMatch(
      new RegExp(
        `All networks\\s+${report.totals.submissions}\\s+${report.totals.revisions}\\s+${report.totals.publications}`,
      ),
    );
    expect(report.totals.submissions).toBeGreaterThan(0);
    await expect(activity.innerText()).resolves.toMatch(/west/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'progress-report');

    const href = await page
      .getByRole('link', { name: `Download the ${current} report as CSV` })
      .getAttribute('href');
    const csv = await page.request.get(href!);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const fromApi = await fetch(`${api.base}/reports/progress.csv?quarter=${current}`, {
      headers: { authorization: `Bearer ${coordinator.token}` },
    });
    expect(await csv.text()).toBe(await fromApi.text());

    const refused = await page.goto('/reports/progress?quarter=2026-Q9');
    expect(refused?.status()).toBe(400);
    await expect(page.locator('h1').innerText()).resolves.toBe('There is a problem with the request');
  });

  it('downloads the whole log from the audit page for offline checking, signed in or not at all', async () => {
    const page = await signedIn(coordinator.token, '/audit');
    await expect(page.locator('#export ~ p').nth(1).innerText()).resolves.toMatch(
      /npm run cli -- audit verify-export/,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the export (NDJSON)' }).click(),
    ]);
    const lines = readFileSync(await download.path(), 'utf8')
      .split('\n')
      .filter(Boolean);
    const verified = await verifyExport(lines);
    const logged = await api.store.readAll({ fromPosition: 'start', maxCount: 100_000 });
    expect(verified).toMatchObject({ ok: true, eventsChecked: logged.length });

    const anonymous = await fetch(`${origin}/audit/export.ndjson`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/sign-in?next=%2Faudit%2Fexport.ndjson');
  });

  it('ignores query parameters the search does not know, as a newsletter link carries, and still checks its own', async () => {
    const page = await (await newVisitor(browser, origin, { javaScript: false })).newPage();
    const answer = await page.goto('/?q=gritting&utm_source=newsletter&utm_medium=email&fbclid=x1');
    expect(answer?.status()).toBe(200);
    await expect(page.title()).resolves.toMatch(/^Search results for “gritting”/);
    await expect(page.locator('#q').inputValue()).resolves.toBe('gritting');
    const refused = await page.goto('/?q=gritting&sort=sideways&utm_source=newsletter');
    expect(refused?.status()).toBe(400);
    await expect(page.locator('h1').innerText()).resolves.toBe('There is a problem with the request');
  });
});

import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { pdf } from '../fixtures/sample-files';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { launchBrowser, newVisitor, screenshot, seriousViolations } from './browser';

/** The members' pages on the demo data: a contributor's journey to publication, and the reviews on the way. */
describe("members' pages (browser, demo data)", () => {
  // Each journey signs several people in and out of a real browser on a shared 2-core machine.
  jest.setTimeout(90_000);

  let api: DemoApi;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    // The browser first: if it cannot start, nothing is left running to keep Jest from exiting.
    browser = await launchBrowser();
    api = await startDemoApi('pages-members');
    origin = new URL(api.base).origin;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** A new browser profile signed in as a demo person, on `path`. */
  async function signedIn(name: string, path: string): Promise<Page> {
    const visitor = await newVisitor(browser, origin);
    const page = await visitor.newPage();
    await page.goto(`/sign-in?next=${encodeURIComponent(path)}`);
    await page.getByLabel('Access token').fill(api.tokenOf(name));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === path);
    return page;
  }

  async function accessible(page: Page, name?: string): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
    if (name) await screenshot(page, name);
  }

  it('a contributor submits with a mistake, corrects it; two other networks approve; it is published and found', async () => {
    const contributor = await signedIn('Tom Baverstock', '/my-network');
    await expect(contributor.locator('h1').textContent()).resolves.toMatch(/West Midland Highways Alliance/);
    await expect(contributor.locator('table').textContent()).resolves.toMatch(/Changes requested/);
    await accessible(contributor, 'my-network');

    await contributor.getByRole('button', { name: 'Submit practice material' }).click();
    await contributor.getByLabel('Title').fill('Thermal mapping of gritting routes');
    await contributor.getByLabel('Email address').fill('tom at wmha');
    const before = await api.store.headPosition();
    await contributor.getByRole('button', { name: 'Send for review' }).click();
    await expect(contributor.title()).resolves.toMatch(/^Error: Submit practice material/);
    const summary = await contributor.locator('.govuk-error-summary').textContent();
    for (const message of [
      'Enter a summary',
      'Select at least one theme',
      'Enter an email address in the correct format',
    ])
      expect(summary).toContain(message);
    await expect(contributor.locator('#themes-error').textContent()).resolves.toMatch(
      /Select at least one theme/,
    );
    await expect(contributor.getByLabel('Title').inputValue()).resolves.toBe(
      'Thermal mapping of gritting routes',
    );
    expect(await api.store.headPosition()).toBe(before);
    await accessible(contributor, 'contribute-errors');

    await contributor
      .getByLabel('Summary')
      .fill('Thermal maps of every gritting route showed where the road cools first.');
    await contributor
      .getByLabel('Description')
      .fill('## Background\n\nRoutes were treated end to end.\n\n## Outcome\n\nSalt use fell by a tenth.');
    await contributor.getByLabel('Winter service').check();
    await contributor.getByLabel('Staffordshire').check();
    await contributor.getByLabel('Name').fill('Tom Baverstock');
    await contributor.getByLabel('Email address').fill('tom.baverstock@wmha.example');
    await contributor
      .getByLabel('Attachment (optional)')
      .setInputFiles({ name: 'thermal-map.pdf', mimeType: 'application/pdf', buffer: pdf('Thermal map') });
    await contributor.getByRole('button', { name: 'Send for review' }).click();
    await expect(contributor.locator('h1').textContent()).resolves.toBe('Thermal mapping of gritting routes');
    await expect(contributor.locator('main').innerText()).resolves.toMatch(
      /thermal-map\.pdf \(application\/pdf\)/,
    );
    await expect(contributor.locator('main .govuk-tag').first().innerText()).resolves.toBe('Awaiting review');
    const practiceId = new URL(contributor.url()).pathname.split('/').pop()!;

    // Their own representative may not review it, and is told why.
    const ownSeat = await signedIn('Priya Shah', `/review/${practiceId}`);
    await expect(ownSeat.locator('main').textContent()).resolves.toMatch(
      /cannot review your own network's material/,
    );

    for (const [reviewer, shot] of [
      ['Marcus Bell', 'review-item'],
      ['Joanna Pike', undefined],
    ] as const) {
      const page = await signedIn(reviewer, '/review');
      await expect(page.locator('table').textContent()).resolves.toMatch(
        /Thermal mapping of gritting routes/,
      );
      if (shot) await accessible(page, 'review-queue');
      await page.getByRole('link', { name: 'Thermal mapping of gritting routes' }).click();
      await page.getByRole('button', { name: 'Send review' }).click();
      await expect(page.locator('#verdict-error').textContent()).resolves.toMatch(
        /Select whether to approve/,
      );
      if (shot) await accessible(page, shot);
      await page.getByLabel('Approve').check();
      await page.getByLabel('Comment').fill('Clear and useful.');
      await page.getByRole('button', { name: 'Send review' }).click();
      await page.waitForURL((url) => url.pathname === '/review');
    }

    await contributor.reload();
    await expect(contributor.locator('main .govuk-tag').first().textContent()).resolves.toMatch(/Approved/);
    await contributor.getByRole('button', { name: 'Publish to the catalogue' }).click();
    await expect(contributor.locator('main .govuk-tag').first().textContent()).resolves.toMatch(/Published/);
    // The public finds it with the catalogue's search page.
    await api.call('GET', `/catalogue?minPosition=${await api.store.headPosition()}`);
    const visitor = await (await newVisitor(browser, origin)).newPage();
    await visitor.goto('/?q=thermal+mapping');
    await visitor.getByRole('link', { name: 'Thermal mapping of gritting routes' }).click();
    await visitor.waitForURL((url) => url.pathname === `/practices/${practiceId}`);
    const [download] = await Promise.all([
      visitor.waitForEvent('download'),
      visitor.getByRole('link', { name: /thermal-map\.pdf/ }).click(),
    ]);
    expect(readFileSync(await download.path())).toEqual(pdf('Thermal map'));
  });

  it('shows a reviewer what a revision changed since the version last reviewed', async () => {
    const contributor = await signedIn('Tom Baverstock', '/my-network');
    await contributor.getByRole('link', { name: 'Risk-based gully cleansing frequencies' }).click();
    await contributor.getByRole('button', { name: 'Revise it' }).click();
    await accessible(contributor, 'revise');
    const body = contributor.getByLabel('Description');
    await body.fill(`${await body.inputValue()}\n\n## Update\n\nA second year confirmed the savings.`);
    await contributor.getByLabel('Name').fill('Tom Baverstock');
    await contributor.getByLabel('Email address').fill('tom.baverstock@wmha.example');
    // A file that is no document is refused in place, and nothing is sent.
    const before = await api.store.headPosition();
    await contributor
      .getByLabel('Attachment (optional)')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain words') });
    await contributor.getByRole('button', { name: 'Send for review' }).click();
    await expect(contributor.locator('#attachment-error').innerText()).resolves.toMatch(
      /must be a PDF, an office document or an image/,
    );
    expect(await api.store.headPosition()).toBe(before);
    await contributor.getByRole('button', { name: 'Send for review' }).click();
    await expect(contributor.locator('.govuk-caption-l').textContent()).resolves.toMatch(/Version 2/);

    const reviewer = await signedIn('Lucy Brennan', '/review');
    await reviewer.getByRole('link', { name: 'Risk-based gully cleansing frequencies' }).click();
    await expect(reviewer.locator('h2').first().textContent()).resolves.toBe('What changed since version 1');
    await expect(reviewer.locator('ins').allInnerTexts()).resolves.toEqual([
      'Update',
      'A second year confirmed the savings.',
    ]);
    await expect(reviewer.locator('del').count()).resolves.toBe(0);
    await accessible(reviewer, 'review-revision');
  });

  it('a coordinator adds a member and issues them a token that works', async () => {
    const coordinator = await signedIn('Colin Whitfield', '/network');
    await expect(coordinator.locator('table').textContent()).resolves.toMatch(/Priya Shah/);
    await accessible(coordinator, 'network');

    await coordinator.getByLabel('Full name').fill('Harriet Ozturk');
    await coordinator.getByRole('button', { name: 'Add member' }).click();
    await expect(coordinator.locator('.govuk-error-summary').textContent()).resolves.toMatch(
      /Enter an email address in the correct format[\s\S]*Select at least one role/,
    );
    await expect(coordinator.getByLabel('Full name').inputValue()).resolves.toBe('Harriet Ozturk');
    await accessible(coordinator);
    await coordinator.getByLabel('Email address').fill('harriet.ozturk@wmha.example');
    await coordinator.locator('#add-member ~ form').getByLabel('Contributor').check();
    await coordinator.getByRole('button', { name: 'Add member' }).click();
    await expect(coordinator.locator('table').textContent()).resolves.toMatch(/Harriet Ozturk/);

    await coordinator.getByRole('button', { name: 'Issue a token to Harriet Ozturk' }).click();
    await expect(coordinator.locator('h1').textContent()).resolves.toMatch(/Access token issued/);
    const token = (await coordinator.locator('#token').textContent())!.trim();
    await accessible(coordinator, 'network-token');
    const me = await api.call('GET', '/me', token);
    expect(me.body).toMatchObject({ networkId: 'wmha', roles: ['contributor'], seat: false });
  });

  it('a seat holder reads the motions, votes on the open one, and proposes one after a mistake', async () => {
    const seat = await signedIn('Marcus Bell', '/motions');
    await expect(seat.locator('table').textContent()).resolves.toMatch(
      /Set collection priorities[\s\S]*Carried/,
    );
    await accessible(seat, 'motions');
    await seat.getByRole('link', { name: 'Change the approval policy' }).click();
    await expect(seat.locator('main').textContent()).resolves.toMatch(/For 2, against 1/);
    await seat.getByLabel('For', { exact: true }).check();
    await seat.getByRole('button', { name: 'Vote' }).click();
    await expect(seat.locator('main').textContent()).resolves.toMatch(/For 3, against 1/);
    await accessible(seat, 'motion');

    await seat.goto('/motions/new');
    await accessible(seat);
    await seat.getByRole('link', { name: 'Set the witness quorum' }).click();
    await seat.getByRole('button', { name: 'Propose' }).click();
    const summary = await seat.locator('.govuk-error-summary').textContent();
    expect(summary).toMatch(/Enter the closing date as a real date/);
    expect(summary).toMatch(/Enter the number of witnesses/);
    await accessible(seat, 'motion-propose-errors');
    const nextYear = String(new Date().getUTCFullYear() + 1);
    await seat.getByLabel("Networks' witnesses a checkpoint needs").fill('2');
    await seat.getByLabel('Day').fill('31');
    await seat.getByLabel('Month').fill('1');
    await seat.getByLabel('Year').fill(nextYear);
    await seat.getByRole('button', { name: 'Propose' }).click();
    await expect(seat.locator('h1').textContent()).resolves.toBe('Set the witness quorum');
    await expect(seat.locator('main').innerText()).resolves.toMatch(
      new RegExp(`Open\\s+until 1 February ${nextYear}`),
    );
  });

  it('shows every member the dashboard: each chart an SVG image with its data table, readable without JavaScript', async () => {
    const visitor = await newVisitor(browser, origin, { javaScript: false });
    const page = await visitor.newPage();
    await page.goto('/sign-in?next=%2Fdashboard');
    await page.getByLabel('Access token').fill(api.tokenOf('Bethan Lloyd'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard');
    const charts = page.locator('main svg[role="img"]');
    await expect(charts.count()).resolves.toBe(5);
    await expect(page.locator('main table').count()).resolves.toBeGreaterThanOrEqual(5);
    await expect(charts.first().getAttribute('aria-label')).resolves.toBe(
      'Review queue: days each item has waited',
    );
    await expect(page.locator('main').innerText()).resolves.toMatch(
      /Direct Management Group\s+[\d.]+\s+Flagged/,
    );
    await visitor.close();
    // axe runs as a script in the page: with JavaScript on.
    await accessible(await signedIn('Bethan Lloyd', '/dashboard'), 'dashboard');
  });

  it('shows an auditor the verified log, the checkpoints and the catalogue as it stood on a past day', async () => {
    const auditor = await signedIn('Ruth Okafor', '/audit');
    await expect(auditor.locator('main').innerText()).resolves.toMatch(/Result\s+Verified/);
    const yearAgo = new Date(Date.now() - 365 * 86_400_000);
    await auditor.getByLabel('Day').fill(String(yearAgo.getUTCDate()));
    await auditor.getByLabel('Month').fill(String(yearAgo.getUTCMonth() + 1));
    await auditor.getByLabel('Year').fill(String(yearAgo.getUTCFullYear()));
    await auditor.getByRole('button', { name: 'Show the catalogue then' }).click();
    const caption = await auditor.locator('caption', { hasText: 'published item' }).innerText();
    const then = Number(/^(\d+) published item/.exec(caption)?.[1]);
    const now = (await api.call('GET', '/catalogue?pageSize=1')).body.total;
    expect(then).toBeGreaterThan(0);
    expect(then).toBeLessThan(now);
    await accessible(auditor, 'audit');
  });
});

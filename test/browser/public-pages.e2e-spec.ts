import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { pdf } from '../fixtures/sample-files';
import { eventually } from '../support/eventually';
import { publishedPractice } from '../support/published-practice';
import { enrolSeatedNetworks, RunningApi, startApi } from '../support/running-api';
import { follow, launchBrowser, newVisitor, screenshot, seriousViolations } from './browser';

const FACILITATOR = 'facilitator-token-for-the-public-pages-test-0123456789';
const BODY =
  '## What we did\n\nWe re-planned **every route** with routing software.\n\n- fewer lorries\n- same coverage';

describe('the public pages in a browser', () => {
  let api: RunningApi;
  let origin: string;
  let browser: Browser;
  const ids: Record<string, string> = {};

  /** Opens `path` and expects it to have no serious or critical accessibility violations. */
  async function open(page: Page, path: string) {
    const response = await page.goto(path);
    expect(await seriousViolations(page)).toEqual([]);
    return response;
  }

  beforeAll(async () => {
    // The browser first: if it cannot start, nothing is left running to keep Jest from exiting.
    browser = await launchBrowser();
    api = await startApi('pages-public', { BOOTSTRAP_TOKEN: FACILITATOR, RATE_LIMIT_PER_MINUTE: '100000' });
    origin = new URL(api.base).origin;
    const seats = await enrolSeatedNetworks(api, FACILITATOR, ['wmha', 'sesig', 'swha']);
    const [wmha, sesig, swha] = [seats.wmha.token, seats.sesig.token, seats.swha.token];
    const upload = await fetch(`${api.base}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${wmha}`,
        'content-type': 'application/pdf',
        'x-filename': 'routes.pdf',
      },
      body: pdf(),
    });
    const attachment = { ...((await upload.json()) as object), name: 'routes.pdf' };
    ids.routes = (
      await publishedPractice(api, wmha, [sesig, swha], {
        title: 'Gritting routes re-planned',
        summary: 'Fewer gritting routes for the same coverage.',
        body: BODY,
        themes: ['winter-service'],
        authorities: ['york'],
        attachments: [attachment],
        savings: { amountPerYear: 120000, basis: 'Two fewer lorries on standby' },
      })
    ).practiceId;
    ids.barn = (
      await publishedPractice(api, sesig, [wmha, swha], {
        title: 'Salt barn shared by three councils',
        summary: 'One barn, three gritting fleets.',
        themes: ['winter-service', 'collaboration'],
        authorities: ['leeds'],
      })
    ).practiceId;
    const last = await publishedPractice(api, swha, [wmha, sesig], {
      title: 'Gully cleansing on a risk basis',
      themes: ['drainage'],
      authorities: ['york'],
    });
    ids.gullies = last.practiceId;
    // The pages read the view the API reads: wait until it holds the last publication.
    await api.call('GET', `/catalogue?minPosition=${last.position}`);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])(
    'a member of the public searches, filters, opens an item and downloads its attachment (%s)',
    async (_, javaScript) => {
      const visitor = await newVisitor(browser, origin, { javaScript });
      const page = await visitor.newPage();
      // axe runs inside the page, so only with JavaScript on; the pages are the same without it.
      const checkAccessibility = async () => {
        if (javaScript) expect(await seriousViolations(page)).toEqual([]);
      };
      await page.goto('/');
      await checkAccessibility();
      if (javaScript) await screenshot(page, 'catalogue-search');

      await page.getByLabel('Search words').fill('gritting');
      await follow(page.getByRole('button', { name: 'Search', exact: true }));
      const results = page.locator('main ul.govuk-list > li h3');
      const titles = async () => (await results.allTextContents()).map((title) => title.trim()).sort();
      await expect(titles()).resolves.toEqual([
        'Gritting routes re-planned',
        'Salt barn shared by three councils',
      ]);
      await expect(page.locator('main mark').first().textContent()).resolves.toMatch(/^gritting$/i);
      await checkAccessibility();

      await page.getByLabel('Collaboration (1)').check();
      await follow(page.getByRole('button', { name: 'Apply filters' }));
      expect(new URL(page.url()).searchParams.getAll('theme')).toEqual(['collaboration']);
      await expect(titles()).resolves.toEqual(['Salt barn shared by three councils']);
      await page.getByLabel('Winter service (2)').check();
      await follow(page.getByRole('button', { name: 'Apply filters' }));
      await expect(results.count()).resolves.toBe(2);
      if (javaScript) await screenshot(page, 'catalogue-search-filtered');

      await follow(page.getByRole('link', { name: 'Gritting routes re-planned' }));
      expect(new URL(page.url()).pathname).toBe(`/practices/${ids.routes}`);
      await checkAccessibility();
      await expect(page.locator('h1').textContent()).resolves.toBe('Gritting routes re-planned');
      await expect(page.locator('main h2', { hasText: 'What we did' }).count()).resolves.toBe(1);
      await expect(page.locator('main strong', { hasText: 'every route' }).count()).resolves.toBe(1);
      await expect(page.locator('main').textContent()).resolves.toMatch(/not been adjudicated/);
      await expect(page.locator('main').textContent()).resolves.toMatch(/£120,000 a year/);
      if (javaScript) await screenshot(page, 'practice-item');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'routes.pdf' }).click(),
      ]);
      // Named by its address, as the API serves every blob.
      expect(download.suggestedFilename()).toMatch(/^[0-9a-f]{64}\.pdf$/);
      expect(readFileSync(await download.path()).equals(pdf())).toBe(true);
      await visitor.close();
    },
  );

  it('shows an authority with its funding and the material naming it', async () => {
    const visitor = await newVisitor(browser, origin);
    const page = await visitor.newPage();
    await open(page, `/practices/${ids.routes}`);
    await follow(page.getByRole('link', { name: 'York', exact: true }));
    expect(new URL(page.url()).pathname).toBe('/authorities/york');
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page.locator('h1').textContent()).resolves.toBe('York');
    await expect(page.locator('main table').textContent()).resolves.toMatch(/Total\s*£[\d,]+/);
    await expect(page.locator('main ul.govuk-list a').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['Gritting routes re-planned', 'Gully cleansing on a risk basis']),
    );
    await screenshot(page, 'authority');
    await visitor.close();
  });

  it('leads the links of the Atom feed, the CSV and the JSON-LD to real pages', async () => {
    const atom = await (await fetch(`${origin}/catalogue.atom`)).text();
    const csv = await (await fetch(`${origin}/catalogue.csv`)).text();
    const jsonLd = JSON.parse(await (await fetch(`${origin}/catalogue.jsonld`)).text());
    const links = new Set([
      ...[...atom.matchAll(/<link[^>]*href="([^"]+)"/g)].map(([, href]) => href),
      ...[...csv.matchAll(/https?:\/\/[^,\s"]+\/practices\/[0-9a-f-]{36}/g)].map(([url]) => url),
      ...jsonLd['dcat:dataset'].map(
        (dataset: Record<string, { '@id': string }>) => dataset['dcat:landingPage']['@id'],
      ),
    ]);
    const pages = [...links].filter((link) => !link.endsWith('.atom'));
    expect(pages).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`/practices/${ids.routes}$`))]),
    );
    const visitor = await newVisitor(browser, origin);
    const page = await visitor.newPage();
    for (const link of pages) {
      // Links carry PUBLIC_URL (another port here): the path is the page's.
      const response = await page.goto(new URL(link).pathname);
      expect([link, response?.status(), response?.headers()['content-type']]).toEqual([
        link,
        200,
        'text/html; charset=utf-8',
      ]);
    }
    await visitor.close();
  });

  it('helps when nothing matches, and answers unknown pages with the 404 page', async () => {
    const visitor = await newVisitor(browser, origin);
    const page = await visitor.newPage();
    await open(page, '/?q=zeppelin');
    await expect(page.locator('main').textContent()).resolves.toMatch(/There is no matching practice/);
    for (const path of [
      '/practices/6f1d7c2e-3b1a-4c55-9b1e-0d6a2f0c9a11',
      '/practices/nope',
      '/no-such-page',
    ]) {
      const response = await open(page, path);
      expect([path, response?.status()]).toEqual([path, 404]);
      await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    }
    await screenshot(page, 'not-found');
    await visitor.close();
  });

  it('subscribes someone who then confirms through the mailed link, and unsubscribes through the other', async () => {
    const visitor = await newVisitor(browser, origin);
    const page = await visitor.newPage();
    await open(page, '/subscribe');
    await follow(page.getByRole('button', { name: 'Subscribe' }));
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(
      /Enter your e-mail address/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('E-mail address').fill('road.reader@example.org');
    await follow(page.getByRole('button', { name: 'Subscribe' }));
    await expect(page.locator('h1').textContent()).resolves.toBe('Check your e-mail');

    const mail = await eventually('the confirmation mail', () =>
      readOutbox(join(api.dataDir, 'outbox')).find((sent) => sent.to === 'road.reader@example.org'),
    );
    // The mail's links carry PUBLIC_URL (another port here): their path and query are the page's.
    const link = (action: string) => {
      const url = new URL(new RegExp(`https?://\\S+/subscribe/${action}\\?token=\\S+`).exec(mail.text)![0]);
      return `${url.pathname}${url.search}`;
    };
    await open(page, link('confirm'));
    await follow(page.getByRole('button', { name: 'Confirm' }));
    await expect(page.locator('h1').textContent()).resolves.toMatch(/You are subscribed/);
    expect(await seriousViolations(page)).toEqual([]);

    await open(page, link('unsubscribe'));
    await follow(page.getByRole('button', { name: 'Unsubscribe' }));
    await expect(page.locator('h1').textContent()).resolves.toMatch(/You are unsubscribed/);
    await visitor.close();
  });
});

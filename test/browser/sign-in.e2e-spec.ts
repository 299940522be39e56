import type { Browser } from 'playwright-core';
import { claimCodeMailedTo, RunningApi, startApi } from '../support/running-api';
import { follow, launchBrowser, newVisitor, screenshot, seriousViolations } from './browser';

const FACILITATOR = 'facilitator-token-for-the-sign-in-pages-test-0123456789';

describe('signing in to the pages with an access token (browser)', () => {
  let api: RunningApi;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    // The browser first: if it cannot start, nothing is left running to keep Jest from exiting.
    browser = await launchBrowser();
    api = await startApi('pages-sign-in', { BOOTSTRAP_TOKEN: FACILITATOR });
    origin = new URL(api.base).origin;
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('refuses an unknown token with the error summary, signs in with a good one, and signs out', async () => {
    const visitor = await newVisitor(browser, origin);
    const page = await visitor.newPage();
    await page.goto('/sign-in?next=/sign-out');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');

    await page.getByLabel('Access token').fill('not-a-token-anybody-was-ever-given');
    await follow(page.getByRole('button', { name: 'Sign in' }));
    await expect(page.title()).resolves.toMatch(/^Error: Sign in/);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.textContent()).resolves.toMatch(/not known, has expired or was revoked/);
    await expect(page.locator('#token-error').textContent()).resolves.toMatch(/not known/);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Access token').fill(FACILITATOR);
    await follow(page.getByRole('button', { name: 'Sign in' }));
    // Back where the sign-in was asked for, signed in.
    expect(new URL(page.url()).pathname).toBe('/sign-out');
    const [cookie] = await visitor.cookies();
    expect(cookie).toMatchObject({ name: 'cns_session', httpOnly: true, sameSite: 'Lax', secure: false });
    expect(cookie.value).not.toContain(FACILITATOR);

    await follow(page.getByRole('button', { name: 'Sign out' }));
    await expect(page.locator('h1').textContent()).resolves.toBe('You have signed out');
    expect(await visitor.cookies()).toEqual([]);
    await visitor.close();
  });

  it('ends the session on the next page once its token is revoked', async () => {
    const me = await api.call('GET', '/me', FACILITATOR);
    const issued = await api.call(
      'POST',
      `/networks/${me.body.networkId}/members/${me.body.personId}/tokens`,
      FACILITATOR,
      {},
    );
    const visitor = await newVisitor(browser, origin);
    const page = await visitor.newPage();
    await page.goto('/sign-in?next=/sign-out');
    await page.getByLabel('Access token').fill(issued.body.token);
    await follow(page.getByRole('button', { name: 'Sign in' }));
    await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(1);

    const revoked = await api.call(
      'DELETE',
      `/networks/${me.body.networkId}/members/${me.body.personId}/tokens/${issued.body.tokenId}?minPosition=0`,
      FACILITATOR,
    );
    expect(revoked.status).toBe(200);
    // The identity view includes the revocation once the write's position is in it.
    await api.call('GET', `/me?minPosition=${revoked.body.position}`, FACILITATOR);
    await page.goto('/sign-out');
    await expect(page.locator('main').textContent()).resolves.toMatch(/You are not signed in/);
    expect(await visitor.cookies()).toEqual([]);
    await visitor.close();
  });

  it('claims a new network’s first token through the mailed link, once, and signs in with it', async () => {
    const coordinator = { name: 'Cora Ordinator', email: 'cora@example.org' };
    const enrolled = await api.call('POST', '/networks', FACILITATOR, {
      networkId: 'nwha',
      name: 'North West Highways Alliance',
      scope: 'regional',
      region: 'North West',
      coordinator,
    });
    expect(enrolled.status).toBe(201);
    const code = claimCodeMailedTo(api.dataDir, coordinator.email);

    const visitor = await newVisitor(browser, origin);
    const page = await visitor.newPage();
    await page.goto(`/claim/${code}`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'claim');
    await follow(page.getByRole('button', { name: 'Claim my access token' }));
    const token = (await page.locator('#token').textContent())!.trim();
    expect(await seriousViolations(page)).toEqual([]);
    await expect(api.call('GET', '/me', token)).resolves.toMatchObject({
      status: 200,
      body: { networkId: 'nwha', roles: expect.arrayContaining(['coordinator']) },
    });
    // Signed in with it: the header offers signing out.
    await expect(page.getByRole('link', { name: 'Sign out' }).count()).resolves.toBe(1);

    // The link works once.
    await page.goto(`/claim/${code}`);
    await follow(page.getByRole('button', { name: 'Claim my access token' }));
    await expect(page.locator('h1').textContent()).resolves.toBe('This link has expired or was already used');
    await visitor.close();
  });
});

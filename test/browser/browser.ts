import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it when missing), headless, with nothing that reaches out on its own. */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One browser per suite file: start it in `beforeAll`, close it in `afterAll`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** A fresh browser profile (no cookies) on `base`; `javaScript: false` for the journeys that must work without it. */
export function newVisitor(
  browser: Browser,
  base: string,
  { javaScript = true }: { javaScript?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({ baseURL: base, javaScriptEnabled: javaScript, acceptDownloads: true });
}

/** WCAG 2.2 AA and what it builds on, as axe tags them. */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The page's serious and critical axe violations (WCAG 2.2 AA), each as `rule: targets`; expect none. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/** Saves the whole page as `docs/screenshots/<name>.png` (linked from the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

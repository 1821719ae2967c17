import { existsSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { repoRoot } from './repo-root';

/** Debian's Chromium (package `chromium`, installed by scripts/infra/ensure-infra.js). */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(repoRoot(), 'docs/screenshots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * Chromium driven by playwright-core for the console's browser tests. Each page gets a context
 * of its own (its own localStorage, as another browser would), and every console error or
 * uncaught exception it shows (a CSP refusal is one) is kept for the test to check.
 */
export class ConsoleBrowser {
  readonly problems: string[] = [];

  private constructor(private readonly browser: Browser, private readonly baseUrl: string) {}

  static async launch(baseUrl: string): Promise<ConsoleBrowser> {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/infra/ensure-infra.js as root (apt package chromium)`);
    return new ConsoleBrowser(await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }), baseUrl);
  }

  async page(viewport = DESKTOP): Promise<Page> {
    const context = await this.browser.newContext({ baseURL: this.baseUrl, viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('console', (message) => { if (message.type() === 'error') this.problems.push(`console: ${message.text()}`); });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    return page;
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/** Signs in on the dev form with `dev:<name>`, and waits for the projects screen. */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.getByLabel('Dev token').fill(`dev:${name}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your projects' }).waitFor();
}

/** Waits until the locator's text matches, as often as it changes in between. */
export async function textMatches(locator: Locator, pattern: RegExp, timeout = 30_000): Promise<string> {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout });
  return (await locator.first().textContent()) ?? '';
}

export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

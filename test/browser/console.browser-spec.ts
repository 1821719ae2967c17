import type { Page } from 'playwright-core';
import { ConsoleBrowser, PHONE, screenshot, SCREENSHOTS, signIn, textMatches } from '../support/console-browser';
import {
  budgetFigure, connection, eventSourceStates, FeedEntry, feedEntries, feedScroll, openRun, startRun, status, timesShown, trackEventSources,
} from '../support/console-page';
import { FounderApi } from '../support/founder-api';
import { TestSystem } from '../support/system';

// $300 a month: a $10 daily allowance, which console-rest's first call ($12) spends in one go.
const system = new TestSystem({ config: { tiers: { dev: { monthlyBudgetMicrodollars: 300_000_000 } } } });
let browser: ConsoleBrowser;
const founder = (name: string) => `${name}-${Date.now()}`;
/** Runs started through the API at the outset, so that they work while the first test does. */
const early = { busy: { name: founder('busy'), runId: '' }, rest: { name: founder('rest'), runId: '' } };

beforeAll(async () => {
  await system.start();
  const runs = [['busy', 'Handbook', 'Write the handbook, page by page [scenario:console-busy]'], ['rest', 'Novel', 'Write a chapter a day [scenario:console-rest]']] as const;
  for (const [key, project, goal] of runs) {
    const api = new FounderApi(system.gatewayUrl, `dev:${early[key].name}`);
    early[key].runId = await api.startRun(await api.createProject(project), goal);
  }
  browser = await ConsoleBrowser.launch(system.gatewayUrl);
});

afterAll(async () => {
  await browser?.close();
  await system.stop();
});
afterEach(() => {
  // A CSP refusal, a missing module or an uncaught error shows here; a connection cut with the gateway does not count.
  expect(browser.problems.filter((p) => !/Failed to load resource: net::ERR_/.test(p))).toEqual([]);
  browser.problems.length = 0;
});

const messagesIn = (entries: FeedEntry[]) => entries.filter((e) => ['agent', 'question', 'answer', 'status'].includes(e.kind));
const kindAfterQuestion = async (page: Page) => {
  const kinds = messagesIn(await feedEntries(page)).map((e) => e.kind);
  return kinds[kinds.indexOf('question') + 1];
};

describe('the console', () => {
  it('runs an agent from sign-in to its summary: a question answered, a pause, a reload and a dropped stream on the way', async () => {
    const name = founder('tour');
    const page = await browser.page();
    await page.goto('/');
    await signIn(page, name);
    const runId = await startRun(page, 'Launch page', 'Build the launch page [scenario:console-tour]');

    // The question, with what was tried, the choices and a box for guidance: not just "awaiting input".
    const card = page.getByRole('region', { name: 'The agent needs your answer' });
    await card.waitFor({ timeout: 60_000 });
    await textMatches(status(page), /Waiting for your answer/);
    await textMatches(card, /kept hitting the same error/);
    expect(await card.getByRole('listitem').allInnerTexts()).toEqual(Array(4).fill('Reading notes.txt\ncat: notes.txt: No such file or directory'));
    for (const choice of ['Try again', 'Skip this step', 'Send guidance', 'Stop the run']) await card.getByRole('button', { name: choice }).waitFor();
    await screenshot(page, 'console-escalation');

    // Another browser of the same founder, on the same run: the answer is an event of the run, not this browser's memory.
    const elsewhere = await browser.page();
    await openRun(elsewhere, name, runId);
    const cardElsewhere = elsewhere.getByRole('region', { name: 'The agent needs your answer' });
    await cardElsewhere.waitFor();
    const answerIn = (p: Page) => p.locator('.entry-answer').filter({ hasText: 'You answered: Send guidance' }).filter({ hasText: 'three features' });

    const guidance = 'Write the notes yourself:\na headline, three features and a sign-up form.';
    await card.getByLabel('Your guidance').fill(guidance);
    await card.getByRole('button', { name: 'Send guidance' }).focus();
    await page.keyboard.press('Enter');
    await card.waitFor({ state: 'hidden' });
    await answerIn(page).waitFor();
    expect(await kindAfterQuestion(page)).toBe('answer');
    // The other browser shows it live, its card gone; opening the run's address there again shows it after the question.
    await answerIn(elsewhere).waitFor();
    await cardElsewhere.waitFor({ state: 'hidden' });
    await elsewhere.goto(`/runs/${runId}`);
    await answerIn(elsewhere).waitFor();
    expect(await kindAfterQuestion(elsewhere)).toBe('answer');
    await elsewhere.context().close();
    await page.locator('.entry-agent').filter({ hasText: 'Thanks for the guidance' }).waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Pause' }).click();
    await textMatches(status(page), /Paused by you/);
    await page.locator('.entry-status').filter({ hasText: 'Paused by you.' }).waitFor();
    const beforeReload = messagesIn(await feedEntries(page));

    // A reload finds the same founder, the same run and the same feed, the answer included.
    await page.reload();
    await textMatches(status(page), /Paused by you/);
    await page.locator('.entry-status').filter({ hasText: 'Paused by you.' }).waitFor();
    expect(page.url()).toBe(`${system.gatewayUrl}/runs/${runId}`);
    await page.getByText(`Signed in as ${name}`).waitFor();
    expect(messagesIn(await feedEntries(page)).slice(0, beforeReload.length)).toEqual(beforeReload);

    await page.getByRole('button', { name: 'Resume' }).click();
    await textMatches(status(page), /^Working/);
    const spentBefore = await textMatches(budgetFigure(page, 'period'), /^\$\d/);
    await page.locator('.entry-agent').filter({ hasText: /Building part \d+/ }).first().waitFor({ timeout: 30_000 });

    // The stream drops with the gateway: the page says so, then picks up where it left off.
    await system.kill('gateway');
    await textMatches(connection(page), /Reconnecting…/);
    await system.startService('gateway');
    await page.locator('[data-stream="live"], [data-stream="ended"]').waitFor({ timeout: 30_000 });
    expect(await connection(page).isVisible()).toBe(false);

    const done = page.locator('.entry-done');
    await done.waitFor({ timeout: 60_000 });
    await textMatches(status(page), /^Done/);
    const parts = (await feedEntries(page)).filter((e) => /^Building part \d+/.test(e.text)).map((e) => e.text);
    expect(parts).toHaveLength(8);
    expect(new Set(parts).size).toBe(8);
    // The summary once, its lines as written.
    expect(await done.count()).toBe(1);
    expect(await done.locator('.entry-text').innerText()).toBe('The launch page is ready.\n\nWhat I did:\n- wrote notes.txt with the plan you asked for\n- built the page in eight parts (see build.log)\n\nOpen index.html to see it.');
    expect(await timesShown(page, 'The launch page is ready.')).toBe(0);
    expect((await feedEntries(page)).filter((e) => e.text.includes('Open index.html to see it.'))).toHaveLength(1);

    // The budget moved with the run, without a reload, and ends at what the API says.
    const api = new FounderApi(system.gatewayUrl, `dev:${name}`);
    const run = await api.run(runId);
    // Written as a string: the test's own compiler would turn an import() into require().
    const cost = await page.evaluate<string>(`import('/console/formats.js').then((m) => m.money(${run.costMicrodollars}))`);
    await textMatches(budgetFigure(page, 'run'), new RegExp(`^\\${cost}$`));
    expect(await budgetFigure(page, 'period').textContent()).not.toBe(spentBefore);
    for (const control of ['Pause', 'Resume', 'Cancel run']) expect(await page.getByRole('button', { name: control }).isDisabled()).toBe(true);
    await screenshot(page, 'console-run');

    // Links lead back to the projects, which list this one, which lists the run, which links to the run.
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your projects' }).waitFor();
    await page.getByRole('link', { name: /^Launch page/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Launch page' }).waitFor();
    await page.locator('.badge-completed').filter({ hasText: 'Done' }).waitFor();
    await screenshot(page, 'console-project');
    await page.getByRole('link', { name: /Build the launch page/ }).click();
    await page.waitForURL(`**/runs/${runId}`);
    await textMatches(status(page), /^Done/);
  });

  it('serves the page with a CSP and no inline script, its modules with their types, at every address it routes', async () => {
    for (const address of ['/', '/projects/1f0c3a52-8a43-4a55-9d4e-7d1c9d8e5a11', '/runs/1f0c3a52-8a43-4a55-9d4e-7d1c9d8e5a11']) {
      const res = await fetch(`${system.gatewayUrl}${address}`);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
    expect((await fetch(`${system.gatewayUrl}/console/main.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${system.gatewayUrl}/console/console.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${system.gatewayUrl}/console/..%2Fconsole.controller.js`)).status).toBe(404);
    expect((await fetch(`${system.gatewayUrl}/health`)).headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${system.gatewayUrl}/v1/projects`)).status).toBe(401);
  });

  it('remembers the dev token in this browser only, until sign-out', async () => {
    const name = founder('sign-in');
    const page = await browser.page();
    await page.goto('/');
    expect(await page.getByLabel('Dev token').inputValue()).toBe(''); // no shared default founder
    await page.getByLabel('Dev token').fill(name);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await textMatches(page.getByRole('alert'), /A dev token is dev: followed by a name/);
    await signIn(page, name);
    await page.reload();
    await page.getByText(`Signed in as ${name}`).waitFor();

    const elsewhere = await browser.page();
    await elsewhere.goto('/');
    await elsewhere.getByLabel('Dev token').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Dev token').waitFor();
    await page.reload();
    await page.getByLabel('Dev token').waitFor();
  });

  it('keeps a 150-tool-call run to 200 entries, folds the rest, and follows the newest unless scrolled up', async () => {
    const page = await browser.page();
    await trackEventSources(page);
    await openRun(page, early.busy.name, early.busy.runId);
    const card = page.getByRole('region', { name: 'The agent needs your answer' });
    await card.waitFor({ timeout: 90_000 }); // the cap of 150 tool calls
    // Every step, at once: the feed is told again tool by tool.
    await page.getByRole('switch', { name: 'Show every step' }).check();
    await page.locator('.entry-question').waitFor(); // the run's last event: the feed is told to its end

    // Every step shown (150 tool calls, 76 messages, the start and the question), the oldest folded.
    const entries = page.locator('.feed-list > li');
    expect(await entries.count()).toBe(200);
    const fold = await page.locator('.feed-fold').innerText();
    expect(fold).toBe(`${150 + 76 + 2 - 200} earlier activities`);
    expect((await feedScroll(page)).atEnd).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollHeight')).toBeLessThan(1_800);

    // Scrolled up to read, the founder is not pulled down by what comes next.
    await page.locator('.feed').evaluate((el) => { (el as unknown as { scrollTop: number }).scrollTop = 0; });
    await card.getByRole('button', { name: 'Stop the run' }).click();
    await page.locator('.entry-failed').filter({ hasText: 'Cancelled' }).waitFor();
    expect((await feedScroll(page)).atEnd).toBe(false);
    await page.getByRole('button', { name: 'New activity below' }).click();
    expect((await feedScroll(page)).atEnd).toBe(true);

    // The end is shown and the stream closed for good: no reconnecting every 3 s.
    await textMatches(status(page), /^Cancelled/);
    expect(new Set(await eventSourceStates(page))).toEqual(new Set([2]));
    expect(await connection(page).isVisible()).toBe(false);

    // Verbose off applies at once: the same run told in digests, each message once.
    await page.getByRole('switch', { name: 'Show every step' }).uncheck();
    await page.waitForFunction('document.querySelectorAll(".feed-list > li").length < 200');
    await page.locator('.entry-failed').filter({ hasText: 'Cancelled' }).waitFor();
    expect(await timesShown(page, 'Writing batch 40.')).toBe(1);
    expect(new Set(await eventSourceStates(page))).toEqual(new Set([2]));
  });

  it('rests when today\'s allowance is spent, counting down to the wake; cancelled, it shows the end and stops listening', async () => {
    const { name, runId } = early.rest;
    const page = await browser.page();
    await trackEventSources(page);
    await openRun(page, name, runId);
    await textMatches(status(page), /Resting: today's work is done\.\s*Resuming (today|tomorrow) at \d\d:\d\d UTC/, 60_000);
    const countdown = page.locator('.status-countdown');
    const first = await textMatches(countdown, /^Wakes in \d+ h \d\d min \d\d s$/);
    await countdown.filter({ hasNotText: first }).waitFor(); // live: it ticks
    await screenshot(page, 'console-resting');

    // On a phone: nothing wider than the screen, every control in reach.
    const phone = await browser.page(PHONE);
    await openRun(phone, name, runId);
    await textMatches(status(phone), /Resting/);
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    for (const control of ['Pause', 'Resume', 'Cancel run', 'Sign out']) {
      const box = (await phone.getByRole('button', { name: control }).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      expect(box.height).toBeGreaterThanOrEqual(36);
    }
    await phone.getByRole('switch', { name: 'Show every step' }).waitFor();
    await phone.screenshot({ path: `${SCREENSHOTS}/console-phone.png`, fullPage: true });

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.locator('.entry-failed').filter({ hasText: 'Cancelled' }).waitFor();
    await textMatches(status(page), /^Cancelled/);
    expect(new Set(await eventSourceStates(page))).toEqual(new Set([2]));
    await page.reload();
    await page.locator('.entry-failed').filter({ hasText: 'Cancelled' }).waitFor();
    expect(new Set(await eventSourceStates(page))).toEqual(new Set([2]));
  });
});

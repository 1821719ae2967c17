import { Locator, Page } from 'playwright-core';
import { signIn } from './console-browser';

/** On the projects screen: names a project, states a goal, starts the run; its id, from the address it lands on. */
export async function startRun(page: Page, project: string, goal: string): Promise<string> {
  await page.getByLabel('New project').fill(project);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByLabel('What should the agent do?').fill(goal);
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  return page.url().split('/').at(-1)!;
}

/** Signs in as `name` and opens the run's own address, as a link from elsewhere would. */
export async function openRun(page: Page, name: string, runId: string): Promise<void> {
  await page.goto('/');
  await signIn(page, name);
  await page.goto(`/runs/${runId}`);
}

/** The status card's words (its live region). */
export const status = (page: Page): Locator => page.locator('.status-words');
/** The notice shown while the event stream is down. */
export const connection = (page: Page): Locator => page.locator('.connection');

/** One entry of the activity feed as the founder reads it. */
export interface FeedEntry {
  kind: string;
  text: string;
}

/** What the in-page functions below touch of the DOM (the test's own TypeScript has no DOM library). */
interface ShownItem {
  dataset: { kind?: string };
  querySelector(selector: string): { innerText: string };
}

/** The feed's entries, oldest first: their kind and their words (title, text, details). */
export function feedEntries(page: Page): Promise<FeedEntry[]> {
  return page.locator('.feed-list > li').evaluateAll((items) => items.map((item) => {
    const li = item as unknown as ShownItem;
    return { kind: li.dataset.kind ?? '', text: li.querySelector('.entry-body').innerText };
  }));
}

/** How many entries of the feed say exactly `text` (an agent's message, say). */
export async function timesShown(page: Page, text: string): Promise<number> {
  return (await feedEntries(page)).filter((e) => e.text === text).length;
}

/** The value the budget panel shows for `figure` (period, today, project or run). */
export function budgetFigure(page: Page, figure: 'period' | 'today' | 'project' | 'run'): Locator {
  return page.locator(`[data-figure="${figure}"] .figure-value`);
}

/**
 * Keeps every EventSource the page opens, so a test can see whether any is still open or
 * reconnecting (readyState 0 or 1) rather than closed for good (2).
 */
export async function trackEventSources(page: Page): Promise<void> {
  await page.addInitScript(`{
    const Native = window.EventSource;
    const opened = (window.openedEventSources = []);
    window.EventSource = class extends Native {
      constructor(...args) { super(...args); opened.push(this); }
    };
  }`);
}

export function eventSourceStates(page: Page): Promise<number[]> {
  return page.evaluate<number[]>('window.openedEventSources.map((source) => source.readyState)');
}

interface ScrollBox {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

/** The feed's scroll box: how far down it is, and whether it shows its end. */
export function feedScroll(page: Page): Promise<{ top: number; atEnd: boolean }> {
  return page.locator('.feed').evaluate((el) => {
    const box = el as unknown as ScrollBox;
    return { top: box.scrollTop, atEnd: box.scrollHeight - box.scrollTop - box.clientHeight <= 32 };
  });
}

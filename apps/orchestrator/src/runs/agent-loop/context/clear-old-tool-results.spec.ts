import { clearedPlaceholder, clearOldToolResults } from './clear-old-tool-results';
import { HistoryMessage, toolResultsOf } from './history';
import { fakeHistory, fakeTurn } from './history.fixtures';
import { assertNoOrphans, assertWellFormed } from './history-invariants';
import { estimateContext } from './token-estimate';

const resultContents = (history: readonly HistoryMessage[]) => history.flatMap((m) => toolResultsOf(m).map((b) => b.content));

describe('clearedPlaceholder', () => {
  it('names the tool and the outcome', () => {
    const result = { type: 'tool_result' as const, tool_use_id: 't', content: 'exit code: 1\nstdout:\n', is_error: true };
    expect(clearedPlaceholder('bash', result)).toBe('[cleared to save room: bash → exit code 1 (error)]');
    expect(clearedPlaceholder('read', { ...result, content: [{ type: 'text', text: '1 import x' }], is_error: false }))
      .toBe('[cleared to save room: read → ok]');
    expect(clearedPlaceholder('edit', { ...result, content: 'no match', is_error: true })).toBe('[cleared to save room: edit → error]');
  });
});

describe('clearOldToolResults', () => {
  const history = fakeHistory('Build the app.', 20, [{ output: `exit code: 0\nstdout:\n${'x'.repeat(3000)}` }]);
  const size = estimateContext(history, { window: 1 });

  it('leaves the history alone while the estimate is under clearAt', () => {
    const r = clearOldToolResults(history, { window: size * 2 + 10 });
    expect(r.cleared).toBe(0);
    expect(r.history).toEqual(history);
    expect(r.estimate).toBe(size);
  });

  it('clears the oldest results first and stops as soon as the estimate is under clearTo', () => {
    const window = size; // estimate is 100% of it: over clearAt 0.5, cleared down to 0.4
    const r = clearOldToolResults(history, { window });
    const contents = resultContents(r.history);
    expect(r.cleared).toBeGreaterThan(0);
    expect(contents.slice(0, r.cleared).every((c) => c === '[cleared to save room: bash → exit code 0 (ok)]')).toBe(true);
    expect(contents.slice(r.cleared)).toEqual(resultContents(history).slice(r.cleared));
    expect(r.estimate).toBeLessThan(0.4 * window);
    const lastCleared = 2 * r.cleared; // goal first, then one assistant and one user message a turn
    const oneFewer = r.history.map((m, i) => (i === lastCleared ? history[i] : m));
    expect(estimateContext(oneFewer, { window })).toBeGreaterThanOrEqual(0.4 * window);
    expect(r.estimate).toBe(estimateContext(r.history, { window }));
  });

  it('keeps the most recent turns within keepRecent of the window whole, even when that leaves it over the target', () => {
    const lastThree = estimateContext(history.slice(-6), { window: 1 });
    const r = clearOldToolResults(history, { window: 100, keepRecent: lastThree / 100 });
    const contents = resultContents(r.history);
    expect(r.cleared).toBe(17);
    expect(contents.slice(-3)).toEqual(resultContents(history).slice(-3));
    expect(clearOldToolResults(r.history, { window: 100, keepRecent: lastThree / 100 }).cleared).toBe(0);
    // The newest turn is kept whatever its size; a smaller share keeps fewer turns.
    expect(clearOldToolResults(history, { window: 100, keepRecent: 0 }).cleared).toBe(19);
  });

  it('never removes a block or a message, so every tool_use keeps its tool_result', () => {
    const mixed = [...fakeHistory('Go.', 2), ...fakeTurn(3, [{ tool: 'read', output: 'a'.repeat(2000) }, { tool: 'bash', output: 'exit code: 2\n', isError: true }]), ...fakeTurn(4), ...fakeTurn(5), ...fakeTurn(6)];
    const r = clearOldToolResults(mixed, { window: 500 });
    expect(r.history).toHaveLength(mixed.length);
    expect(r.history.map((m) => (typeof m.content === 'string' ? -1 : m.content.length))).toEqual(mixed.map((m) => (typeof m.content === 'string' ? -1 : m.content.length)));
    expect(resultContents(r.history)).toContain('[cleared to save room: read → ok]');
    expect(resultContents(r.history)).toContain('[cleared to save room: bash → exit code 2 (error)]');
    expect(assertWellFormed(mixed)).toEqual([]);
    expect(assertWellFormed(r.history)).toEqual([]);
  });

  it('does not modify the history it was given', () => {
    const copy = structuredClone(history);
    clearOldToolResults(history, { window: 100 });
    expect(history).toEqual(copy);
  });

  it('counts the system prompt, the tools and the calibration in the estimate', () => {
    const budget = { window: size * 2, system: 's'.repeat(4000), tools: [{ name: 'bash' }], ratio: 1.5 };
    const r = clearOldToolResults(history, budget);
    expect(r.cleared).toBeGreaterThan(0);
    expect(r.estimate).toBe(estimateContext(r.history, budget));
  });
});

describe('clearOldToolResults with a watermark', () => {
  const big = { output: `exit code: 0\nstdout:\n${'x'.repeat(3000)}` };
  const history = fakeHistory('Build the app.', 20, [big]);
  const size = estimateContext(history, { window: 1 });
  const placeholder = '[cleared to save room: bash → exit code 0 (ok)]';

  it('sends the messages before the watermark cleared even while the estimate is under clearAt', () => {
    const r = clearOldToolResults(history, { window: size * 10, clearedThrough: 7 });
    expect(resultContents(r.history.slice(0, 7))).toEqual([placeholder, placeholder, placeholder]);
    expect(r.history.slice(7)).toEqual(history.slice(7));
    expect(r).toMatchObject({ cleared: 0, clearedThrough: 7, estimate: estimateContext(r.history, { window: 1 }) });
  });

  it('moves the watermark past whole messages, clearing every result in them', () => {
    const twoCalls = fakeHistory('Go.', 10, [big, { tool: 'read', output: 'y'.repeat(3000) }]);
    const window = estimateContext(twoCalls, { window: 1 });
    const r = clearOldToolResults(twoCalls, { window, clearedThrough: 0 });
    expect(r.clearedThrough % 2).toBe(1); // just after a user message: goal, then assistant and user per turn
    const results = r.history.slice(0, r.clearedThrough).flatMap(toolResultsOf);
    expect(results.length).toBe(r.cleared);
    expect(results.every((b) => String(b.content).startsWith('[cleared'))).toBe(true);
    expect(r.history.slice(r.clearedThrough)).toEqual(twoCalls.slice(r.clearedThrough));
    expect(r.estimate).toBeLessThan(0.4 * window);
    expect(assertNoOrphans(r.history)).toEqual([]);
  });

  it('counts only results it newly clears, not those behind the old watermark', () => {
    const window = size;
    const first = clearOldToolResults(history, { window, clearedThrough: 5 });
    const fromZero = clearOldToolResults(history, { window, clearedThrough: 0 });
    expect(first.clearedThrough).toBe(fromZero.clearedThrough);
    expect(first.cleared).toBe(fromZero.cleared - 2);
  });

  it('never moves the watermark into the latest turns', () => {
    const r = clearOldToolResults(history, { window: 100, keepRecent: estimateContext(history.slice(-8), { window: 1 }) / 100, clearedThrough: 3 });
    expect(r.clearedThrough).toBe(history.length - 8);
    expect(r.history.slice(-8)).toEqual(history.slice(-8));
  });

  it('holds the watermark when what is left to clear is too little to make a batch', () => {
    const recentBig = [...fakeHistory('Go.', 7), ...fakeTurn(8, [big]), ...fakeTurn(9, [big]), ...fakeTurn(10, [big])];
    const window = Math.ceil(estimateContext(recentBig, { window: 1 }) / 0.6); // 60%, and clearing all old results frees ~5%
    const keepRecent = estimateContext(recentBig.slice(-6), { window: 1 }) / window;
    const held = clearOldToolResults(recentBig, { window, clearedThrough: 3, keepRecent });
    expect(held).toMatchObject({ cleared: 0, clearedThrough: 3 });
    expect(resultContents(held.history.slice(0, 3))).toEqual([placeholder]);
    expect(held.history.slice(3)).toEqual(recentBig.slice(3));
    const noGap = clearOldToolResults(recentBig, { window, clearedThrough: 3, clearTo: 0.5, keepRecent });
    expect(noGap).toMatchObject({ cleared: 6, clearedThrough: recentBig.length - 6 });
  });

  it('keeps the request prefix unchanged between batches as the history grows', () => {
    const window = 24_000;
    let grown = fakeHistory('Build the app.', 1, [big]);
    let clearedThrough = 0;
    let previous: HistoryMessage[] = [];
    let batches = 0;
    let prefixChanges = 0;
    for (let turn = 2; turn <= 80; turn++) {
      const r = clearOldToolResults(grown, { window, clearedThrough });
      if (r.clearedThrough !== clearedThrough) batches++;
      if (JSON.stringify(r.history.slice(0, previous.length)) !== JSON.stringify(previous)) prefixChanges++;
      expect(r.estimate).toBeLessThan(window);
      ({ clearedThrough } = r);
      previous = r.history;
      grown = [...grown, ...fakeTurn(turn, [big])];
    }
    // A batch frees a tenth of the window, three turns of these results; clearing without the
    // watermark would rewrite the prefix on every turn once past clearAt, some 50 of them.
    expect(batches).toBeGreaterThan(5);
    expect(batches).toBeLessThanOrEqual(80 / 3);
    expect(prefixChanges).toBe(batches);
  });
});

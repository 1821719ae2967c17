import { clearedPlaceholder, clearOldToolResults } from './clear-old-tool-results';
import { toolResultsOf } from './history';
import { fakeHistory, fakeTurn } from './history.fixtures';
import { assertWellFormed } from './history-invariants';
import { estimateContext } from './token-estimate';

const resultContents = (history: ReturnType<typeof fakeHistory>) => history.flatMap((m) => toolResultsOf(m).map((b) => b.content));

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

  it('keeps the most recent turns whole even when that leaves it over the target', () => {
    const r = clearOldToolResults(history, { window: 100, keepRecentTurns: 3 });
    const contents = resultContents(r.history);
    expect(r.cleared).toBe(17);
    expect(contents.slice(-3)).toEqual(resultContents(history).slice(-3));
    expect(clearOldToolResults(r.history, { window: 100 }).cleared).toBe(0);
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

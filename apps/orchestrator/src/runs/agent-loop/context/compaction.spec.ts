import { compactedHistory, compactionRequest, filesTouched, progressNoteMessage } from './compaction';
import { HistoryMessage, textOf } from './history';
import { fakeHistory, fakeTurn } from './history.fixtures';
import { assertWellFormed } from './history-invariants';
import { calibratedEstimate, estimateTokens } from './token-estimate';

const GOAL = '[scenario:long] Build a todo app with tests.';
const requestText = (r: ReturnType<typeof compactionRequest>) => textOf(r.messages[0].content);
/** A verbatim budget that fits exactly the messages from `index` on. */
const keepFrom = (history: readonly HistoryMessage[], index: number) =>
  ({ maxTokens: Math.ceil(history.slice(index).reduce((sum, m) => sum + JSON.stringify(m).length + 1, 0) / 4) });
const NEWEST_ONLY = { maxTokens: 0 };
const ALL = { maxTokens: Infinity };

function fileTurn(n: number, tool: string, path: string, isError = false): HistoryMessage[] {
  return [
    { role: 'assistant', content: [{ type: 'tool_use', id: `f${n}`, name: tool, input: { path, content: 'x' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: `f${n}`, content: isError ? 'no such file' : 'ok', is_error: isError }] },
  ];
}

describe('compactionRequest', () => {
  const history = fakeHistory(GOAL, 6);

  it('asks for a progress note over a readable transcript, goal first, without tools', () => {
    const r = compactionRequest(history, { goal: GOAL, maxRequestTokens: 50_000 });
    expect(Object.keys(r)).toEqual(['system', 'messages']);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0].role).toBe('user');
    const text = requestText(r);
    expect(text.startsWith(`<goal>\n${GOAL}\n</goal>`)).toBe(true);
    expect(text.split(GOAL)).toHaveLength(2); // the goal once, not again as the transcript's first line
    expect(text).toContain('→ bash({"command":"echo 6"})');
    expect(text).toContain('Agent: Step 6: checking.');
    expect(text).toMatch(/← bash: exit code: 0\n {2}stdout:/);
    for (const keep of ['Goal', 'Decisions', 'created, edited and read', 'Commands', 'outcome', 'Open problems', 'Next step']) {
      expect(text).toContain(keep);
    }
  });

  it('keeps the beginning and the latest work when the transcript is too long, within the limit', () => {
    const long = fakeHistory(GOAL, 400);
    for (const ratio of [1, 1.37, 2.5]) {
      const r = compactionRequest(long, { goal: GOAL, maxRequestTokens: 6_000, ratio });
      expect(calibratedEstimate(estimateTokens(r), ratio)).toBeLessThanOrEqual(6_000);
      expect(calibratedEstimate(estimateTokens(r), ratio)).toBeGreaterThan(5_500);
      const text = requestText(r);
      expect(text).toMatch(/\[… \d+ entries from the middle of the work left out to fit …\]/);
      expect(text).toContain('→ bash({"command":"echo 400"})');
      expect(text).not.toContain('echo 1"');
    }
  });

  it('folds in the earlier note of a history compacted before, keeping it through the cut', () => {
    const earlier = compactedHistory(fakeHistory(GOAL, 10), 'EARLIER NOTE: tests fail in src/app.ts.', NEWEST_ONLY);
    const again = [...earlier.history, ...fakeHistory('', 300).slice(1)];
    const text = requestText(compactionRequest(again, { goal: GOAL, maxRequestTokens: 6_000 }));
    expect(text).toContain('<transcript>\nEarlier progress note: EARLIER NOTE: tests fail in src/app.ts.');
    expect(text).toContain('left out to fit');
    expect(text.split(GOAL)).toHaveLength(2);
  });

  it('cuts a goal too long to leave room for the work', () => {
    const goal = `${GOAL} ${'spec '.repeat(20_000)}`;
    const r = compactionRequest(fakeHistory(goal, 50), { goal, maxRequestTokens: 4_000 });
    expect(estimateTokens(r)).toBeLessThanOrEqual(4_000);
    expect(requestText(r)).toContain(GOAL);
    expect(requestText(r)).toContain('echo 50');
  });

  it('refuses a limit that not even the instruction fits in', () => {
    expect(() => compactionRequest(history, { goal: GOAL, maxRequestTokens: 50 })).toThrow(RangeError);
  });
});

describe('compactedHistory', () => {
  const history = fakeHistory(GOAL, 8);

  it('opens with the goal and the labelled note, then the latest turns that fit the budget verbatim', () => {
    const c = compactedHistory(history, 'Tests pass; next: the UI.', keepFrom(history, history.length - 6));
    expect(compactedHistory(history, 'note', { maxTokens: keepFrom(history, history.length - 6).maxTokens - 1 }).fromIndex).toBe(history.length - 4);
    expect(c.history[0]).toEqual({ role: 'user', content: `${GOAL}\n\n---\nProgress so far (a summary of earlier work):\nTests pass; next: the UI.` });
    expect(c.fromIndex).toBe(history.length - 6);
    expect(c.history.slice(1)).toEqual(history.slice(-6));
    expect(c.history.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(assertWellFormed(c.history)).toEqual([]);
    expect(c.history[0]).toEqual(progressNoteMessage(GOAL, c.note));
  });

  it('keeps a last assistant message that still waits for its results with its turn', () => {
    const waiting = history.slice(0, -1);
    const c = compactedHistory(waiting, 'note', keepFrom(waiting, waiting.length - 3));
    expect(c.history.slice(1)).toEqual(waiting.slice(-3));
    expect(c.history[1].role).toBe('assistant');
    expect(assertWellFormed(c.history)).toEqual([]);
  });

  it('keeps every turn there is when they all fit', () => {
    const short = fakeHistory(GOAL, 2);
    const c = compactedHistory(short, 'note', ALL);
    expect(c.fromIndex).toBe(1);
    expect(c.history.slice(1)).toEqual(short.slice(1));
    expect(compactedHistory([{ role: 'user', content: GOAL }], 'note', ALL).history).toHaveLength(1);
  });

  it('compacts a compacted history again without nesting the notes', () => {
    const once = compactedHistory(history, 'first note', keepFrom(history, history.length - 4));
    const grown = [...once.history, ...fakeTurn(9), ...fakeTurn(10)];
    const twice = compactedHistory(grown, 'second note', keepFrom(grown, grown.length - 4));
    expect(twice.history[0].content).toBe(`${GOAL}\n\n---\nProgress so far (a summary of earlier work):\nsecond note`);
    expect(twice.fromIndex).toBe(once.history.length);
  });

  it('adds the files touched when the note leaves any out', () => {
    const withFiles = [...history, ...fileTurn(1, 'write', 'src/app.ts'), ...fileTurn(2, 'read', 'README.md'), ...fileTurn(3, 'edit', 'src/app.ts'), ...fakeTurn(20)];
    const forgot = compactedHistory(withFiles, 'Wrote the app.\n', NEWEST_ONLY);
    expect(forgot.note).toBe('Wrote the app.\n\nFiles touched: src/app.ts (written, edited); README.md (read)');
    expect(textOf(forgot.history[0].content).endsWith(forgot.note)).toBe(true);
    const mentioned = compactedHistory(withFiles, 'Wrote src/app.ts after reading README.md.', NEWEST_ONLY);
    expect(mentioned.note).toBe('Wrote src/app.ts after reading README.md.');
  });

  it('does not modify the history it was given', () => {
    const copy = structuredClone(history);
    compactedHistory(history, 'note', NEWEST_ONLY);
    expect(history).toEqual(copy);
  });
});

describe('filesTouched', () => {
  it('lists write, edit and read paths once each, first touched first, leaving out failed calls and other tools', () => {
    const history = [
      { role: 'user' as const, content: GOAL },
      ...fileTurn(1, 'read', 'package.json'),
      ...fileTurn(2, 'write', 'src/a.ts'),
      ...fileTurn(3, 'read', 'missing.ts', true),
      ...fileTurn(4, 'ls', 'src'),
      ...fileTurn(5, 'edit', 'src/a.ts'),
      ...fileTurn(6, 'read', 'package.json'),
    ];
    expect(filesTouched(history)).toEqual([
      { path: 'package.json', actions: ['read'] },
      { path: 'src/a.ts', actions: ['written', 'edited'] },
    ]);
  });

  it('ignores calls without a path', () => {
    expect(filesTouched(fakeHistory(GOAL, 3))).toEqual([]);
    expect(filesTouched([{ role: 'assistant', content: [{ type: 'tool_use', id: 'x', name: 'read', input: null }] }])).toEqual([]);
  });
});

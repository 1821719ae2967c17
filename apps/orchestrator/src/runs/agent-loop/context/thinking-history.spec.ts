import { clearOldToolResults } from './clear-old-tool-results';
import { compactedHistory, compactionRequest } from './compaction';
import { blocksOf, HistoryMessage, textOf } from './history';
import { fakeHistory } from './history.fixtures';
import { estimateContext, estimateTokens } from './token-estimate';
import { transcriptEntries } from './transcript';

const GOAL = 'Build a todo app with tests.';
const thoughtOf = (n: number) => `Private reasoning ${n}: the fixture path looks wrong.`;

/** Each assistant turn opens with a thinking block and a redacted one, as a thinking tier's replies do. */
function thinkingHistory(turns: number, output?: string): HistoryMessage[] {
  let n = 0;
  return fakeHistory(GOAL, turns, output ? [{ output }] : undefined).map((m) => {
    if (m.role !== 'assistant') return m;
    n += 1;
    const thinking = [
      { type: 'thinking', thinking: thoughtOf(n), signature: `sig-${n}` },
      { type: 'redacted_thinking', data: `opaque-${n}` },
    ];
    return { ...m, content: [...thinking, ...blocksOf(m)] };
  });
}

describe('thinking blocks in the context rules', () => {
  it('leaves thinking out of the transcript a progress note is written from', () => {
    const history = thinkingHistory(3);
    const entries = transcriptEntries(history).join('\n');
    expect(entries).not.toContain('Private reasoning');
    expect(entries).not.toContain('opaque-');
    expect(entries).not.toContain('thinking');
    expect(entries).toContain('Agent: Step 1: checking.');
    const request = textOf(compactionRequest(history, { goal: GOAL, maxRequestTokens: 100_000 }).messages[0].content);
    expect(request).not.toContain('Private reasoning');
  });

  it('keeps each verbatim turn\'s thinking blocks intact after compaction', () => {
    const history = thinkingHistory(6);
    // Room for exactly the two newest turns.
    const c = compactedHistory(history, 'Tests pass.', { maxTokens: estimateTokens({ messages: history.slice(-4) }) });
    expect(c.history.slice(1)).toEqual(history.slice(-4));
    expect(blocksOf(c.history[1]).slice(0, 2)).toEqual([
      { type: 'thinking', thinking: thoughtOf(5), signature: 'sig-5' },
      { type: 'redacted_thinking', data: 'opaque-5' },
    ]);
  });

  it('clears tool results without touching a thinking block', () => {
    const history = thinkingHistory(12, `exit code: 0\nstdout:\n${'x'.repeat(3000)}`);
    const r = clearOldToolResults(history, { window: Math.ceil(estimateContext(history, { window: 1 }) * 1.2) });
    expect(r.cleared).toBeGreaterThan(0);
    const assistants = (h: HistoryMessage[]) => h.filter((m) => m.role === 'assistant');
    expect(assistants(r.history)).toEqual(assistants(history));
  });
});

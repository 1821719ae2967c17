import { capToolResults } from './cap-tool-results';
import { DEFAULT_KEEP_RECENT } from './clear-old-tool-results';
import { compactedHistory, compactionRequest } from './compaction';
import { planContext } from './context-plan';
import { HistoryBlock, HistoryMessage } from './history';
import { seededRandom } from './history.fixtures';
import { assertWellFormed } from './history-invariants';
import { estimateTokens } from './token-estimate';

/**
 * The loop's use of the context rules over a long run, with the simulator's token count: cut
 * results to their share, plan, compact when told, send, append a turn. What a real run must
 * never see is a request over the window ("prompt is too long") or a tool_result without its
 * tool_use; nor a compaction that leaves the request larger.
 */
const WINDOW = 30_000;
const NOTE_ROOM = 4_000;
const KEPT_VERBATIM = { maxTokens: DEFAULT_KEEP_RECENT * WINDOW };
const GOAL = '[scenario:soak] Build a todo app with an API, a web page and tests.';
const SYSTEM = `You are Cofounder, an autonomous engineer. ${'Work carefully and test what you change. '.repeat(40)}`;
const TOOLS = ['bash', 'read', 'write', 'edit', 'glob', 'grep', 'ls'].map((name) => ({
  name,
  description: `The ${name} tool. ${'It works inside the workspace. '.repeat(6)}`,
  input_schema: { type: 'object', properties: { path: { type: 'string' }, command: { type: 'string' } } },
}));

function randomTurn(turn: number, random: () => number): HistoryMessage[] {
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low));
  const calls = between(1, 4);
  const uses: HistoryBlock[] = [];
  const results: HistoryBlock[] = [];
  let bigResult = false;
  for (let k = 0; k < calls; k++) {
    const id = `toolu_${turn}_${k}`;
    const tool = ['bash', 'read', 'write', 'edit', 'grep'][between(0, 5)];
    const path = `src/module-${between(0, 40)}.ts`;
    const input = tool === 'write' ? { path, content: 'w'.repeat(between(200, 3_000)) } : tool === 'bash' ? { command: `npm test -- ${turn}` } : { path };
    // At most one big result a turn, up to bash's cap of 30,000 characters a stream.
    const big: boolean = !bigResult && random() < 0.3;
    bigResult ||= big;
    const size = big ? between(20_000, 30_000) : random() < 0.3 ? between(1_000, 4_000) : between(50, 800);
    uses.push({ type: 'tool_use', id, name: tool, input });
    results.push({ type: 'tool_result', tool_use_id: id, content: `exit code: 0\nstdout:\n${'o'.repeat(size)}`, is_error: random() < 0.1 });
  }
  return [
    { role: 'assistant', content: [{ type: 'text', text: `Turn ${turn}: ${'thinking '.repeat(between(2, 40))}` }, ...uses] },
    { role: 'user', content: results },
  ];
}

it('keeps 500 turns inside a 30,000-token window by clearing, then compacting', () => {
  const random = seededRandom(7);
  const budget = { window: WINDOW, system: SYSTEM, tools: TOOLS, ratio: 1 };
  let history: HistoryMessage[] = [{ role: 'user', content: GOAL }];
  let clearedThrough = 0;
  let previous: HistoryMessage[] = [];
  const problems: string[] = [];
  const seen = { clearings: 0, compactions: 0, prefixRewrites: 0, largest: 0 };

  for (let turn = 1; turn <= 500; turn++) {
    let plan = planContext(history, { ...budget, clearedThrough });
    if (plan.compact) {
      const before = plan.estimate;
      const request = compactionRequest(history, { goal: GOAL, maxRequestTokens: WINDOW - NOTE_ROOM });
      const requestTokens = estimateTokens(request);
      if (requestTokens > WINDOW - NOTE_ROOM) problems.push(`turn ${turn}: compaction request of ${requestTokens} tokens`);
      const note = `Progress at turn ${turn}: ${'done; '.repeat(200)}`;
      ({ history } = compactedHistory(history, note, KEPT_VERBATIM));
      clearedThrough = 0;
      seen.compactions++;
      plan = planContext(history, { ...budget, clearedThrough });
      if (plan.compact) problems.push(`turn ${turn}: still over compactAt right after compacting`);
      if (plan.estimate >= before) problems.push(`turn ${turn}: compacting made the request no smaller`);
    } else if (JSON.stringify(plan.messages.slice(0, previous.length)) !== JSON.stringify(previous)) {
      seen.prefixRewrites++;
    }
    if (plan.clearedThrough > clearedThrough) seen.clearings++;
    clearedThrough = plan.clearedThrough;

    const sent = estimateTokens({ system: SYSTEM, messages: plan.messages, tools: TOOLS });
    if (sent >= WINDOW) problems.push(`turn ${turn}: prompt is too long (${sent} tokens)`);
    if (sent !== plan.estimate) problems.push(`turn ${turn}: estimated ${plan.estimate}, the simulator counts ${sent}`);
    problems.push(...assertWellFormed(plan.messages).map((p) => `turn ${turn}: ${p}`));
    seen.largest = Math.max(seen.largest, sent);

    previous = plan.messages;
    // Cut as the loop cuts each request's results; the window never changes here, so once is the same.
    history = [...history, ...capToolResults(randomTurn(turn, random), WINDOW)];
  }

  expect(problems).toEqual([]);
  expect(seen.clearings).toBeGreaterThan(10);
  expect(seen.compactions).toBeGreaterThan(2);
  // The cached prefix changes only when a batch is cleared, never between batches, and a batch
  // lasts more than one turn: clearing afresh each turn would rewrite it on some 360 of them.
  expect(seen.prefixRewrites).toBe(seen.clearings);
  expect(seen.clearings).toBeLessThan(500 / 2);
  expect(seen.largest).toBeLessThan(0.75 * WINDOW);
});

import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { cacheTtlFor, withCacheBreakpoints } from './cache-breakpoints';

const goal: MessageParam = { role: 'user', content: 'Build a landing page' };
const reply = (n: number): MessageParam => ({
  role: 'assistant',
  content: [{ type: 'text', text: `step ${n}` }, { type: 'tool_use', id: `t${n}`, name: 'bash', input: { command: 'ls' } }],
});
const results = (n: number): MessageParam => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${n}`, content: 'ok' }] });
const history = [goal, reply(1), results(1), reply(2), results(2)];

const markedBlocks = (messages: MessageParam[]) => messages.flatMap((m, i) =>
  typeof m.content === 'string' ? [] : m.content.flatMap((b, j) => ('cache_control' in b && b.cache_control ? [[i, j]] : [])));

describe('withCacheBreakpoints', () => {
  it('sends the system prompt as a marked text block, which caches the tools before it too', () => {
    expect(withCacheBreakpoints('Be brief.', history, '5m').system)
      .toEqual([{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }]);
  });

  it('marks the newest message\'s last block and the last block of the previous request', () => {
    const { messages } = withCacheBreakpoints('s', history, '5m');
    expect(markedBlocks(messages)).toEqual([[2, 0], [4, 0]]);
  });

  it('stays within the API\'s 4 breakpoints however long the history', () => {
    const long = [goal, ...Array.from({ length: 50 }, (_, i) => [reply(i), results(i)]).flat()];
    const { messages } = withCacheBreakpoints('s', long, '5m');
    expect(markedBlocks(messages).length + 1).toBeLessThanOrEqual(4);
  });

  it('turns a string goal into a marked text block on the first turn', () => {
    const { messages } = withCacheBreakpoints('s', [goal], '5m');
    expect(messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Build a landing page', cache_control: { type: 'ephemeral' } }] }]);
  });

  it('never changes the history it was given', () => {
    const before = JSON.stringify(history);
    withCacheBreakpoints('s', history, '1h');
    expect(JSON.stringify(history)).toBe(before);
  });

  it('asks every breakpoint for the same TTL, so a 1-hour one never follows a 5-minute one', () => {
    const { system, messages } = withCacheBreakpoints('s', history, '1h');
    const controls = [system[0].cache_control, ...markedBlocks(messages).map(([i, j]) => (messages[i].content as { cache_control?: unknown }[])[j].cache_control)];
    expect(controls).toEqual(Array(3).fill({ type: 'ephemeral', ttl: '1h' }));
  });
});

describe('cacheTtlFor', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('asks for 5 minutes on a run\'s first call and while calls come close together', () => {
    expect(cacheTtlFor(undefined, now, 240_000)).toBe('5m');
    expect(cacheTtlFor(ago(30_000), now, 240_000)).toBe('5m');
  });

  it('asks for an hour when the last gap outlasted the threshold', () => {
    expect(cacheTtlFor(ago(600_000), now, 240_000)).toBe('1h');
  });

  it('goes back to 5 minutes past an hour, when no entry would have survived either way', () => {
    expect(cacheTtlFor(ago(2 * 3_600_000), now, 240_000)).toBe('5m');
  });
});

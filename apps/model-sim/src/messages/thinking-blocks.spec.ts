import { parseScenario } from '../scenarios/parse-scenario';
import { buildMessage } from './message-builder';
import { messageEvents } from './sse-writer';
import { signThinking, withoutThinking } from './thinking-blocks';

const THOUGHT = 'The test fails on a missing file; I should look at the fixture first.';
const content = [
  { type: 'thinking' as const, thinking: THOUGHT },
  { type: 'redacted_thinking' as const, data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
  { type: 'tool_use' as const, name: 'bash', input: { command: 'ls test' } },
];

describe('thinking blocks in a reply', () => {
  const message = buildMessage({ content }, 'cofounder-sim', 10);

  it('carries thinking signed by the simulator, and redacted thinking as given', () => {
    expect(message.content.slice(0, 2)).toEqual([
      { type: 'thinking', thinking: THOUGHT, signature: signThinking(THOUGHT) },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
    ]);
    expect(signThinking(THOUGHT)).not.toBe(signThinking(`${THOUGHT} `));
  });

  it('keeps a signature the step gives', () => {
    const signed = buildMessage({ content: [{ type: 'thinking', thinking: 'x', signature: 'sig-from-step' }] }, 'm', 1);
    expect(signed.content[0]).toEqual({ type: 'thinking', thinking: 'x', signature: 'sig-from-step' });
  });

  it('counts thinking as output tokens, as the API bills it', () => {
    const without = buildMessage({ content: withoutThinking(content) }, 'cofounder-sim', 10);
    expect(message.usage.output_tokens).toBeGreaterThan(without.usage.output_tokens + (THOUGHT.length + signThinking(THOUGHT).length) / 4);
  });

  it('streams thinking as thinking_delta pieces then one signature_delta, and redacted thinking whole', () => {
    const events = messageEvents(message);
    const ofBlock = (index: number) => events.filter((e) => 'index' in e && e.index === index);
    const thinking = ofBlock(0);
    expect(thinking[0]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
    const deltas = thinking.flatMap((e) => (e.type === 'content_block_delta' ? [e.delta] : []));
    expect(deltas.filter((d) => d.type === 'thinking_delta').length).toBeGreaterThan(1);
    expect(deltas.map((d) => (d.type === 'thinking_delta' ? d.thinking : '')).join('')).toBe(THOUGHT);
    expect(deltas.at(-1)).toEqual({ type: 'signature_delta', signature: signThinking(THOUGHT) });
    expect(thinking.at(-1)).toEqual({ type: 'content_block_stop', index: 0 });
    expect(ofBlock(1)).toEqual([
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' } },
      { type: 'content_block_stop', index: 1 },
    ]);
  });
});

describe('a scenario with thinking blocks', () => {
  it('parses thinking and redacted thinking steps', () => {
    const scenario = parseScenario({ name: 't', steps: [{ content, stop_reason: 'tool_use' }] }, 't.json');
    expect(scenario.steps[0].content?.map((b) => b.type)).toEqual(['thinking', 'redacted_thinking', 'tool_use']);
  });

  it('refuses a thinking block without its text and a redacted one without data', () => {
    expect(() => parseScenario({ name: 't', steps: [{ content: [{ type: 'thinking' }] }] }, 't.json')).toThrow(/thinking must be a string/);
    expect(() => parseScenario({ name: 't', steps: [{ content: [{ type: 'redacted_thinking' }] }] }, 't.json')).toThrow(/data/);
  });
});

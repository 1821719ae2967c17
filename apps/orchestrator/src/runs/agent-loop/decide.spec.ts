import type { ContentBlock, StopReason } from '@anthropic-ai/sdk/resources/messages';
import { decide, isEmptyEndTurn } from './decide';
import { ModelReply } from './model-reply';

const usage = { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
const text = (t: string) => ({ type: 'text', text: t, citations: null }) as ContentBlock;
const toolUse = (id: string, name: string, input: object) => ({ type: 'tool_use', id, name, input }) as ContentBlock;
const reply = (stopReason: StopReason | null, ...content: ContentBlock[]): ModelReply =>
  ({ responseId: 'msg_1', content, stopReason, usage });
const limits = { toolCallCap: 150 };

describe('decide', () => {
  it('runs the tools a tool_use reply asks for, in order', () => {
    const d = decide(reply('tool_use', text('Let me look.'), toolUse('t1', 'ls', {}), toolUse('t2', 'read', { path: 'a' })), { toolCalls: 0 }, limits);
    expect(d).toEqual({ kind: 'run_tools', calls: [
      { id: 't1', name: 'ls', input: {} }, { id: 't2', name: 'read', input: { path: 'a' } },
    ] });
  });

  it.each(['end_turn', 'stop_sequence'] as const)('completes on %s with the model\'s words as the summary', (reason) => {
    expect(decide(reply(reason, text('Built it.')), { toolCalls: 3 }, limits)).toEqual({ kind: 'complete', summary: 'Built it.' });
  });

  it('nudges an empty end_turn (no text, no tool) once instead of completing', () => {
    expect(decide(reply('end_turn'), { toolCalls: 0 }, limits)).toEqual({ kind: 'nudge', text: expect.stringMatching(/without a word or a tool call/) });
    expect(decide(reply('end_turn', text('  \n')), { toolCalls: 0 }, limits).kind).toBe('nudge');
    const thinking = { type: 'thinking', thinking: 'Hmm.', signature: 's' } as ContentBlock;
    expect(decide(reply('end_turn', thinking), { toolCalls: 0 }, limits).kind).toBe('nudge');
  });

  it('completes with a default summary when the model says nothing again after its nudge', () => {
    expect(decide(reply('end_turn'), { toolCalls: 0, emptyEndNudged: true }, limits)).toEqual({ kind: 'complete', summary: 'The agent finished its work.' });
  });

  it('tells an empty end_turn from one with words or a tool call', () => {
    expect(isEmptyEndTurn(reply('end_turn'))).toBe(true);
    expect(isEmptyEndTurn(reply('end_turn', text('Built it.')))).toBe(false);
    expect(isEmptyEndTurn(reply('pause_turn'))).toBe(false);
    expect(isEmptyEndTurn(null)).toBe(false);
  });

  it('never trusts tool_use without a tool block', () => {
    expect(decide(reply('tool_use', text('hmm')), { toolCalls: 0 }, limits).kind).toBe('fail');
  });

  it('asks the founder at the tool-call cap instead of running past it', () => {
    const d = decide(reply('tool_use', toolUse('t1', 'ls', {}), toolUse('t2', 'ls', {})), { toolCalls: 149 }, limits);
    expect(d).toMatchObject({ kind: 'escalate', escalation: { kind: 'tool_call_cap', options: ['continue', 'stop'] } });
  });

  it.each(['max_tokens', 'pause_turn'] as const)('carries the answer on after %s', (reason) => {
    expect(decide(reply(reason, text('Half an ans')), { toolCalls: 0 }, limits)).toEqual({ kind: 'continue' });
  });

  it('asks the founder for guidance when the model refuses', () => {
    expect(decide(reply('refusal'), { toolCalls: 0 }, limits)).toMatchObject({
      kind: 'escalate', escalation: { kind: 'refusal', options: ['guide', 'stop'] },
    });
  });

  it.each(['model_context_window_exceeded', null] as const)(
    'ends the run with a reason on %s rather than looping', (reason) => {
      const d = decide(reply(reason, text('...')), { toolCalls: 0 }, limits);
      expect(d.kind).toBe('fail');
      expect(d.kind === 'fail' && d.reason.length).toBeGreaterThan(10);
    });

  it('runs the complete tool calls of an answer cut off by max_tokens, so none is left unanswered', () => {
    const cut = reply('max_tokens', toolUse('toolu_a', 'ls', {}), text('And then'));
    expect(decide(cut, { toolCalls: 0 }, limits)).toEqual({ kind: 'run_tools', calls: [{ id: 'toolu_a', name: 'ls', input: {} }] });
  });
});

import { ContentBlockSpec } from '../scenarios/scenario';
import { limitReply } from './reply-limits';

const text = (t: string): ContentBlockSpec => ({ type: 'text', text: t });
const tool = (input: Record<string, unknown>): ContentBlockSpec => ({ type: 'tool_use', name: 'write', input });
const INPUT = { path: 'notes/plan.md', content: 'A long plan, written out in full.' };

describe('limitReply: max_tokens', () => {
  it('leaves a reply that fits as it is, with the cap for its usage', () => {
    const draft = { content: [text('Short.'), tool(INPUT)], stopReason: 'tool_use' as const };
    expect(limitReply(draft, { max_tokens: 1000 })).toEqual({ ...draft, maxTokens: 1000 });
  });

  it('cuts a text at the token boundary (4 characters a token) and says max_tokens', () => {
    const cut = limitReply({ content: [text('x'.repeat(50)), text('never sent')] }, { max_tokens: 5 });
    expect(cut.content).toEqual([text('x'.repeat(20))]);
    expect(cut.stopReason).toBe('max_tokens');
    expect(cut.usage?.output_tokens).toBe(5);
    expect(cut.cutJson).toBeUndefined();
  });

  it('never cuts inside a surrogate pair', () => {
    const cut = limitReply({ content: [text('🚀'.repeat(10))] }, { max_tokens: 1 });
    expect(cut.content).toEqual([text('🚀🚀🚀🚀')]);
  });

  it('cuts a tool call inside its JSON, keeps the truncated JSON, and gives the input the SDK would assemble', () => {
    const json = JSON.stringify(INPUT);
    const cut = limitReply({ content: [text('Plan:'), tool(INPUT), text('after')] }, { max_tokens: 8 });
    expect(cut.stopReason).toBe('max_tokens');
    expect(cut.cutJson).toBe(json.slice(0, 32 - 'Plan:'.length));
    expect(cut.content).toEqual([text('Plan:'), tool({ path: 'notes/plan.md' })]);
  });

  it('starts no block once the budget is spent', () => {
    const cut = limitReply({ content: [text('12345678'), tool(INPUT)] }, { max_tokens: 2 });
    expect(cut.content).toEqual([text('12345678')]);
    expect(cut.stopReason).toBe('max_tokens');
    expect(cut.cutJson).toBeUndefined();
  });

  it('never reports more output tokens than max_tokens, even when the step sets them', () => {
    const cut = limitReply({ content: [text('x'.repeat(40))], usage: { output_tokens: 1200 } }, { max_tokens: 3 });
    expect(cut.usage?.output_tokens).toBe(3);
  });

  it('cuts the JSON of a tool call ending a step that says max_tokens, as the API would have', () => {
    const json = JSON.stringify(INPUT);
    const cut = limitReply({ content: [text('Writing.'), tool(INPUT)], stopReason: 'max_tokens' }, { max_tokens: 8192 });
    expect(cut.cutJson).toBe(json.slice(0, Math.floor(json.length / 2)));
    expect(cut.cutJson && (() => JSON.parse(cut.cutJson!))).toThrow();
    expect(cut.content[1]).toMatchObject({ type: 'tool_use', name: 'write' });
  });
});

describe('limitReply: stop_sequences', () => {
  it('stops before the first stop sequence in a text block, naming it', () => {
    const cut = limitReply({ content: [text('Done. END and more'), tool(INPUT)], stopReason: 'tool_use' }, { max_tokens: 1000, stop_sequences: ['END'] });
    expect(cut).toMatchObject({ content: [text('Done. ')], stopReason: 'stop_sequence', stopSequence: 'END' });
  });

  it('takes the earliest of several sequences', () => {
    const cut = limitReply({ content: [text('a STOP b HALT c')] }, { max_tokens: 1000, stop_sequences: ['HALT', 'STOP'] });
    expect(cut).toMatchObject({ content: [text('a ')], stopSequence: 'STOP' });
  });

  it('does not look for stop sequences in tool input', () => {
    const cut = limitReply({ content: [tool({ command: 'echo END' })] }, { max_tokens: 1000, stop_sequences: ['END'] });
    expect(cut.stopReason).toBeUndefined();
    expect(cut.stopSequence).toBeUndefined();
  });

  it('stops for max_tokens when the budget runs out before the sequence is complete', () => {
    const cut = limitReply({ content: [text('abcdefgh END')] }, { max_tokens: 2, stop_sequences: ['END'] });
    expect(cut).toMatchObject({ content: [text('abcdefgh')], stopReason: 'max_tokens' });
    expect(cut.stopSequence).toBeUndefined();
  });
});

import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import { countInputTokens, countOutputTokens } from './token-counter';

describe('countInputTokens', () => {
  const messages = [{ role: 'user', content: 'Build me a landing page' }];

  it('is the length of {system, messages, tools} as JSON over 4, rounded up', () => {
    const system = 'You are a builder.';
    const tools = [{ name: 'bash', input_schema: { type: 'object' } }];
    const json = JSON.stringify({ system, messages, tools });
    expect(countInputTokens({ system, messages, tools })).toBe(Math.ceil(json.length / 4));
  });

  it('leaves out an absent system and absent tools', () => {
    // {"messages":[{"role":"user","content":"Build me a landing page"}]} is 66 characters.
    expect(JSON.stringify({ messages }).length).toBe(66);
    expect(countInputTokens({ messages })).toBe(17);
  });

  it('ignores every other field of the request', () => {
    const request = { model: 'm', max_tokens: 9000, metadata: { user_id: 'run-1' }, messages };
    expect(countInputTokens(request)).toBe(countInputTokens({ messages }));
  });

  it('rounds up, so any text costs at least a token', () => {
    expect(countInputTokens({ messages: [] })).toBe(Math.ceil('{"messages":[]}'.length / 4));
  });
});

describe('countOutputTokens', () => {
  it('is the length of the reply content as JSON over 4, rounded up', () => {
    const content: ContentBlock[] = [{ type: 'text', text: 'Done.', citations: null }];
    expect(countOutputTokens(content)).toBe(Math.ceil(JSON.stringify(content).length / 4));
  });
});

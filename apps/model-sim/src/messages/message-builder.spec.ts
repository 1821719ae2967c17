import { buildMessage } from './message-builder';
import { uncachedPrompt } from './prompt-cache-store';

describe('buildMessage usage', () => {
  const content = [{ type: 'text' as const, text: 'Done.' }];

  it('splits cache writes by TTL as the prompt cache played them', () => {
    const prompt = { ...uncachedPrompt(3_000), input_tokens: 500, cache_creation_input_tokens: 2_500, cache_creation: { ephemeral_5m_input_tokens: 1_000, ephemeral_1h_input_tokens: 1_500 } };
    expect(buildMessage({ content }, 'm', prompt).usage).toMatchObject({
      cache_creation_input_tokens: 2_500, cache_creation: { ephemeral_5m_input_tokens: 1_000, ephemeral_1h_input_tokens: 1_500 },
    });
  });

  it('keeps the split adding up to a cache-write figure a scenario step sets itself', () => {
    const usage = buildMessage({ content, usage: { cache_creation_input_tokens: 700 } }, 'm', 3_000).usage;
    expect(usage.cache_creation_input_tokens).toBe(700);
    expect(usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 700, ephemeral_1h_input_tokens: 0 });
  });
});

import { ApiError } from './api-error';
import { SentThinking, signThinking } from './thinking-blocks';
import { checkThinkingReturned, ThinkingFields, thinkingEnabled } from './thinking-request';

const ask = (more: Partial<ThinkingFields>): ThinkingFields => ({ max_tokens: 4096, messages: [{ role: 'user', content: 'go' }], ...more });
const enabled = { type: 'enabled', budget_tokens: 2048 };

function refusal(act: () => unknown): string {
  try {
    act();
  } catch (err) {
    if (err instanceof ApiError && err.status === 400 && err.type === 'invalid_request_error') return err.message;
    throw err;
  }
  throw new Error('not refused');
}

describe('thinkingEnabled', () => {
  it('is off without thinking or with thinking disabled, on with a budget', () => {
    expect(thinkingEnabled(ask({}))).toBe(false);
    expect(thinkingEnabled(ask({ thinking: { type: 'disabled' } }))).toBe(false);
    expect(thinkingEnabled(ask({ thinking: enabled }))).toBe(true);
  });

  it('refuses what the API refuses with thinking on', () => {
    expect(refusal(() => thinkingEnabled(ask({ thinking: { type: 'enabled', budget_tokens: 1023 } })))).toMatch(/greater than or equal to 1024/);
    expect(refusal(() => thinkingEnabled(ask({ max_tokens: 2048, thinking: enabled })))).toMatch(/`max_tokens` must be greater/);
    expect(refusal(() => thinkingEnabled(ask({ thinking: enabled, temperature: 0.2 })))).toMatch(/temperature/);
    expect(refusal(() => thinkingEnabled(ask({ thinking: enabled, tool_choice: { type: 'any' } })))).toMatch(/tool_choice/);
    expect(thinkingEnabled(ask({ thinking: enabled, temperature: 1, tool_choice: { type: 'auto' } }))).toBe(true);
  });
});

describe('checkThinkingReturned', () => {
  const thought: SentThinking = { type: 'thinking', thinking: 'Look at the fixture.', signature: signThinking('Look at the fixture.') };
  const redacted: SentThinking = { type: 'redacted_thinking', data: 'opaque' };
  const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'bash', input: {} };
  const sentWith = (ids: string[]) => (ids.includes('toolu_1') ? [thought, redacted] : []);
  const answering = (assistant: unknown[]): ThinkingFields => ask({
    thinking: enabled,
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: assistant },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
    ],
  });

  it('takes the turn sent back with its thinking blocks unchanged', () => {
    expect(() => checkThinkingReturned(answering([{ ...thought }, { ...redacted }, toolUse]), sentWith)).not.toThrow();
  });

  it('refuses a turn that drops its thinking blocks, as the API does', () => {
    expect(refusal(() => checkThinkingReturned(answering([toolUse]), sentWith)))
      .toMatch(/^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`/);
  });

  it('refuses changed thinking text, a changed signature and dropped redacted thinking', () => {
    expect(refusal(() => checkThinkingReturned(answering([{ ...thought, thinking: 'Edited.' }, redacted, toolUse]), sentWith)))
      .toBe('messages.1.content.0: Invalid `signature` in `thinking` block');
    expect(refusal(() => checkThinkingReturned(answering([{ ...thought, signature: 'forged' }, redacted, toolUse]), sentWith)))
      .toMatch(/content\.0: Invalid `signature`/);
    expect(refusal(() => checkThinkingReturned(answering([thought, toolUse]), sentWith))).toMatch(/`redacted_thinking` block .* is missing/);
  });

  it('asks nothing of a turn sent without thinking, nor of earlier turns', () => {
    const other = { ...toolUse, id: 'toolu_2' };
    expect(() => checkThinkingReturned(answering([other]), sentWith)).not.toThrow();
    const earlier = ask({ thinking: enabled, messages: [...answering([toolUse]).messages, { role: 'assistant', content: [other] }, { role: 'user', content: 'more' }] });
    expect(() => checkThinkingReturned(earlier, sentWith)).not.toThrow();
  });
});

import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { loadConfig } from '@cofounder/config';
import { BUNDLED_CONFIG } from '../../../../../test/support/test-environment';
import { cycleAllowsThinking, turnLimits } from './thinking-budget';

const goal: MessageParam = { role: 'user', content: 'Fix the test' };
const thought = { type: 'thinking' as const, thinking: 'Look first.', signature: 'sig' };
const call = (id: string, thinking = false): MessageParam => ({
  role: 'assistant', content: [...(thinking ? [thought] : []), { type: 'tool_use', id, name: 'bash', input: {} }],
});
const result = (id: string): MessageParam => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'ok' }] });

describe('cycleAllowsThinking', () => {
  it('allows thinking at the start of a turn', () => {
    expect(cycleAllowsThinking([goal])).toBe(true);
  });

  it('allows it in a tool-use cycle opened with thinking, though later replies in it have none', () => {
    expect(cycleAllowsThinking([goal, call('a', true), result('a'), call('b'), result('b')])).toBe(true);
  });

  it('refuses it in a cycle opened without thinking: a tier that began thinking mid-cycle, or a compaction that kept its middle', () => {
    expect(cycleAllowsThinking([goal, call('a'), result('a')])).toBe(false);
    expect(cycleAllowsThinking([{ role: 'user', content: 'Goal\n\nProgress so far: …' }, call('b'), result('b'), call('c', true), result('c')])).toBe(false);
  });

  it('allows it again once the founder\'s words open a new cycle', () => {
    expect(cycleAllowsThinking([goal, call('a'), result('a'), { role: 'user', content: 'Now add a README.' }])).toBe(true);
  });
});

describe('turnLimits', () => {
  const config = loadConfig(BUNDLED_CONFIG);
  config.models['cofounder-sim'].maxOutputTokens = 64_000;
  const run = { model: 'cofounder-sim', tier: 'dev' };

  it('adds the budget to the answer\'s room, within the model\'s limit', () => {
    config.tiers.dev.thinkingBudgetTokens = 4096;
    expect(turnLimits(config, run, 8192, [goal])).toEqual({ maxTokens: 12_288, thinkingBudgetTokens: 4096 });
    config.tiers.dev.thinkingBudgetTokens = 60_000;
    expect(turnLimits(config, run, 8192, [goal])).toEqual({ maxTokens: 64_000, thinkingBudgetTokens: 60_000 });
  });

  it('asks for no thinking without a budget, in a cycle that cannot take it, or on a model too small for the budget', () => {
    config.tiers.dev.thinkingBudgetTokens = undefined;
    expect(turnLimits(config, run, 8192, [goal])).toEqual({ maxTokens: 8192 });
    config.tiers.dev.thinkingBudgetTokens = 4096;
    expect(turnLimits(config, run, 8192, [goal, call('a'), result('a')])).toEqual({ maxTokens: 8192 });
    // A removed tier falls back to the default's budget, which the run's pinned model may not hold.
    expect(turnLimits(config, { model: 'claude-opus-4-1', tier: 'gone' }, 8192, [goal]).thinkingBudgetTokens).toBe(4096);
    config.tiers.dev.thinkingBudgetTokens = 40_000;
    expect(turnLimits(config, { model: 'claude-opus-4-1', tier: 'gone' }, 8192, [goal])).toEqual({ maxTokens: 8192 });
  });
});

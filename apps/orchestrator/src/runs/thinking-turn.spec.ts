import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import { loadConfig, ManualClock } from '@cofounder/config';
import { BUNDLED_CONFIG } from '../../../../test/support/test-environment';
import { assembleLoop } from '../../test/assemble-loop';
import {
  CapturedSteps, IgnoredUsage, InMemoryRunStore, InstantTools, OpenBudget, RecordedEvents, RecordedWorkspace, ScriptedModel,
} from '../../test/loop-doubles';
import type { ModelReply } from './agent-loop/model-reply';

const usage = { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
const THOUGHT = 'The fixture is missing, so the test cannot pass; list the folder first.';
const thinking = [
  { type: 'thinking', thinking: THOUGHT, signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
  { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
] as ContentBlock[];
const toolTurn: ModelReply = {
  responseId: 'msg_1',
  content: [...thinking, { type: 'text', text: 'Listing the tests.', citations: null }, { type: 'tool_use', id: 'toolu_1', name: 'bash', input: { command: 'ls test' } } as ContentBlock],
  stopReason: 'tool_use',
  usage,
};
const doneTurn: ModelReply = { responseId: 'msg_2', content: [{ type: 'text', text: 'Found it.', citations: null }], stopReason: 'end_turn', usage };

function loop(thinkingBudgetTokens?: number) {
  const config = loadConfig(BUNDLED_CONFIG);
  config.models['cofounder-sim'].maxOutputTokens = 64_000;
  config.tiers.dev.thinkingBudgetTokens = thinkingBudgetTokens;
  const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));
  const parts = {
    store: new InMemoryRunStore(), model: new ScriptedModel([toolTurn, doneTurn]), tools: new InstantTools(), events: new RecordedEvents(),
    steps: new CapturedSteps(), workspace: new RecordedWorkspace(),
  };
  const budget = new OpenBudget();
  const useCase = assembleLoop({ ...parts, usage: new IgnoredUsage(), budget, config, clock });
  const runId = '5d1b7f4e-8a2c-4c1e-9b3d-2e6f7a8b9c0d';
  const run = async () => {
    await parts.store.create({ id: runId, projectId: runId, ownerId: 'dev_a', goal: 'Fix the test', verbose: false, model: 'cofounder-sim', tier: 'dev' }, clock.now());
    await useCase.execute({ runId, turn: 1 });
    await useCase.execute({ runId, turn: 2 });
  };
  return { ...parts, budget, run, runId };
}

describe('a turn with extended thinking', () => {
  it('asks for the tier\'s thinking budget with max_tokens above it, and reserves that max_tokens', async () => {
    const l = loop(2048);
    await l.run();
    expect(l.model.requests.map((r) => [r.thinkingBudgetTokens, r.maxTokens])).toEqual([[2048, 8192 + 2048], [2048, 8192 + 2048]]);
    expect(l.budget.asked.map((a) => a.maxOutputTokens)).toEqual([8192 + 2048, 8192 + 2048]);
  });

  it('sends the thinking blocks back unchanged, first in their turn', async () => {
    const l = loop(2048);
    await l.run();
    const assistant = l.model.requests[1].messages.find((m) => m.role === 'assistant');
    expect(assistant?.content).toEqual(toolTurn.content);
    expect(JSON.stringify(assistant?.content)).toBe(JSON.stringify(toolTurn.content));
  });

  it('never shows the thinking to the founder', async () => {
    const l = loop(2048);
    await l.run();
    const events = JSON.stringify([...l.events.byKey.values()]);
    expect(events).toContain('Listing the tests.');
    expect(events).not.toContain(THOUGHT);
    expect(events).not.toContain('EmwKAhgBEgy3va3pzix');
    expect((await l.store.find(l.runId))?.status).toBe('completed');
  });

  it('asks for no thinking on a tier without a budget', async () => {
    const l = loop(0);
    await l.run();
    expect(l.model.requests.map((r) => [r.thinkingBudgetTokens, r.maxTokens])).toEqual([[undefined, 8192], [undefined, 8192]]);
  });
});

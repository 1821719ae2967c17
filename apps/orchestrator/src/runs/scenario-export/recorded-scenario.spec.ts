import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import type { CofounderConfig } from '@cofounder/config';
import { RecordedReply, recordedScenario, scenarioContextWindow } from './recorded-scenario';

const RUN_ID = '6f1c2b1e-5d1a-4c3e-9a57-0b1f2e3d4c5b';
const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 });
const reply = (content: unknown[], stopReason: RecordedReply['stopReason'], used = usage(10, 5)): RecordedReply => ({
  content: content as ContentBlock[], stopReason, usage: used,
});

describe('recordedScenario', () => {
  it('turns each saved reply into a step, in order, with its stop reason and usage', () => {
    const scenario = recordedScenario(RUN_ID, [
      reply([{ type: 'text', text: 'Writing it.', citations: null }, { type: 'tool_use', id: 'toolu_1', name: 'write', input: { path: 'a.txt', content: 'hi' } }], 'tool_use'),
      reply([{ type: 'text', text: 'Done.', citations: null }], 'end_turn', { inputTokens: 900, outputTokens: 40, cacheCreationInputTokens: 1200, cacheReadInputTokens: 3000 }),
    ], 200_000);

    expect(scenario).toEqual({
      name: `replay-${RUN_ID}`,
      contextWindow: 200_000,
      repeatLast: false,
      steps: [
        {
          content: [{ type: 'text', text: 'Writing it.' }, { type: 'tool_use', name: 'write', input: { path: 'a.txt', content: 'hi' } }],
          stop_reason: 'tool_use',
          usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        },
        {
          content: [{ type: 'text', text: 'Done.' }],
          stop_reason: 'end_turn',
          usage: { input_tokens: 900, output_tokens: 40, cache_creation_input_tokens: 1200, cache_read_input_tokens: 3000 },
        },
      ],
    });
  });

  it('keeps thinking and redacted thinking blocks where the model put them, unchanged', () => {
    const thinking = { type: 'thinking', thinking: 'The test fails on an empty slug.', signature: 'EqQBCkYIBhgCIkB0c2lnbmF0dXJl' };
    const hidden = { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xl' };
    const [step] = recordedScenario(RUN_ID, [
      reply([thinking, hidden, { type: 'tool_use', id: 'toolu_2', name: 'bash', input: { command: 'npm test' } }], 'tool_use'),
    ], 200_000).steps;
    expect(step.content).toEqual([thinking, hidden, { type: 'tool_use', name: 'bash', input: { command: 'npm test' } }]);
  });

  it('leaves the stop reason out of a reply saved without one', () => {
    const [step] = recordedScenario(RUN_ID, [reply([{ type: 'text', text: 'Hm.' }], null)], 200_000).steps;
    expect(step).not.toHaveProperty('stop_reason');
  });

  it('lets no secret the model echoed leave, in its words or in a tool call', () => {
    const secret = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz';
    const scenario = recordedScenario(RUN_ID, [
      reply([{ type: 'text', text: `The key is ${secret}.` }, { type: 'tool_use', id: 't', name: 'write', input: { path: '.env', content: `ANTHROPIC_API_KEY=${secret}\n` } }], 'tool_use'),
    ], 200_000);
    expect(JSON.stringify(scenario)).not.toContain(secret);
    expect(scenario.steps[0].content[0]).toEqual({ type: 'text', text: 'The key is [REDACTED].' });
  });
});

describe('scenarioContextWindow', () => {
  const config = { models: { small: { contextWindow: 32_000 }, big: { contextWindow: 200_000 } } } as unknown as CofounderConfig;

  it('is the configured window of the run\'s model while the model has stated none', () => {
    expect(scenarioContextWindow({ model: 'small', learnedContextWindow: null }, config)).toBe(32_000);
  });

  it('is the window the model stated, for the model the run is on', () => {
    expect(scenarioContextWindow({ model: 'big', learnedContextWindow: { model: 'big', tokens: 30_000 } }, config)).toBe(30_000);
    expect(scenarioContextWindow({ model: 'small', learnedContextWindow: { model: 'big', tokens: 30_000 } }, config)).toBe(32_000);
  });
});

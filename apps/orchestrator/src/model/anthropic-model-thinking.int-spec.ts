import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Environment, loadConfig } from '@cofounder/config';
import { MetricsRegistry } from '@cofounder/observability';
import { signThinking } from '../../../model-sim/src/messages/thinking-blocks';
import { SimulatorUnderTest, startSimulator } from '../../../model-sim/src/testing/simulator-under-test';
import { ModelRequest } from '../runs/ports';
import { AnthropicModelAdapter } from './anthropic-model.adapter';
import { ModelRefusedCall } from './model-refused-call.error';

const THOUGHT = 'The build fails on a missing file; list the folder first.';
const SCENARIO = {
  name: 'adapter-thinking',
  steps: [
    {
      content: [
        { type: 'thinking', thinking: THOUGHT },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
        { type: 'tool_use', name: 'bash', input: { command: 'ls' } },
      ],
      stop_reason: 'tool_use',
    },
    { content: [{ type: 'text', text: 'Listed.' }], stop_reason: 'end_turn' },
  ],
};

function request(): ModelRequest {
  return {
    runId: randomUUID(),
    model: 'cofounder-sim',
    maxTokens: 1024,
    system: 'You are a careful builder.',
    messages: [{ role: 'user', content: 'List the folder. [scenario:adapter-thinking]' }],
    tools: [{ name: 'bash', description: 'Run a shell command', input_schema: { type: 'object', properties: {} } }],
  };
}

describe('AnthropicModelAdapter with extended thinking, against the simulator', () => {
  let sim: SimulatorUnderTest;
  let model: AnthropicModelAdapter;

  beforeAll(async () => {
    sim = await startSimulator([SCENARIO]);
    const config = loadConfig(path.resolve(__dirname, '../../../../config/cofounder.yaml'));
    model = new AnthropicModelAdapter(new Environment({ ANTHROPIC_BASE_URL: sim.url }), config, new MetricsRegistry(), undefined, async () => undefined);
  });
  afterAll(() => sim?.close());

  it('streams thinking through the SDK with its signature, and the turn sent back with it is taken', async () => {
    const call = { ...request(), maxTokens: 4096, thinkingBudgetTokens: 1024 };
    const first = await model.complete(call);
    expect(first.content.map((b) => b.type)).toEqual(['thinking', 'redacted_thinking', 'tool_use']);
    expect(first.content[0]).toEqual({ type: 'thinking', thinking: THOUGHT, signature: signThinking(THOUGHT) });
    expect(first.content[1]).toEqual({ type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' });
    const toolUse = first.content[2] as { id: string };
    const answered = (assistant: typeof first.content): ModelRequest => ({
      ...call,
      messages: [...call.messages, { role: 'assistant', content: assistant }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'a.txt' }] }],
    });
    const dropped = await model.complete(answered(first.content.slice(2))).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(ModelRefusedCall);
    const second = await model.complete(answered(first.content));
    expect(second.stopReason).toBe('end_turn');
    const log = await (await fetch(`${sim.url}/sim/runs/${call.runId}/requests`)).json() as { requests: { status: number; body: { thinking?: unknown } }[] };
    expect(log.requests.map((r) => r.status)).toEqual([200, 400, 200]);
    for (const r of log.requests) expect(r.body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
  });

  it('gets no thinking blocks when it does not ask for thinking', async () => {
    const reply = await model.complete(request());
    expect(reply.content.map((b) => b.type)).toEqual(['tool_use']);
  });
});

import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, MessageStreamEvent, Tool } from '@anthropic-ai/sdk/resources/messages';
import { randomUUID } from 'node:crypto';
import { countInputTokens } from './messages/token-counter';
import { SimulatorUnderTest, startSimulator } from './testing/simulator-under-test';
import { rejectionOf } from './testing/rejection-of';

const TOOLS: Tool[] = [{
  name: 'bash',
  description: 'Run a shell command',
  input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
}];

/** What the SDK sends on every call; a raw call must send them too. */
const API_HEADERS = { 'x-api-key': 'sim', 'anthropic-version': '2023-06-01' };

const NOTE_INPUT = { path: 'notes/ünïcode.md', content: '# Plan 🚀\n- "quoted" & \\ backslash\n', nested: { list: [1, 2, { deep: true }] } };

/** Scenarios this test brings in through SIM_SCENARIOS, beside the bundled ones. */
const EXTRA_SCENARIOS = {
  'tiny-window': { name: 'tiny-window', contextWindow: 50, steps: [{ content: [{ type: 'text', text: 'hi' }] }] },
  'unicode-tool': {
    name: 'unicode-tool',
    repeatLast: true,
    steps: [{ content: [{ type: 'text', text: 'Writing a note for turn {{turn}}.' }, { type: 'tool_use', name: 'write', input: NOTE_INPUT }] }],
  },
  'usage-override': {
    name: 'usage-override',
    steps: [{ content: [{ type: 'text', text: 'Big answer.' }], usage: { input_tokens: 5, output_tokens: 1200, cache_read_input_tokens: 7 } }],
  },
  'rate-limited': {
    name: 'rate-limited',
    steps: [{ error: { status: 429, type: 'rate_limit_error', message: 'Slow down on turn {{turn}}', retryAfterSeconds: 30 } }],
  },
  'unavailable-ms': {
    name: 'unavailable-ms',
    steps: [{ error: { status: 503, type: 'api_error', message: 'Down for a moment', retryAfterSeconds: 2, retryAfterMs: 1500 } }],
  },
  'broken-stream': {
    name: 'broken-stream',
    steps: [
      { error: { status: 529, type: 'overloaded_error', message: 'Overloaded', midStream: true }, times: 2 },
      { content: [{ type: 'text', text: 'Whole at last.' }] },
    ],
  },
};

function turn(runId: string | undefined, scenario: string, more: Partial<MessageCreateParamsNonStreaming> = {}): MessageCreateParamsNonStreaming {
  return {
    model: 'cofounder-sim',
    max_tokens: 1024,
    system: 'You are a careful builder.',
    tools: TOOLS,
    messages: [{ role: 'user', content: `Build something small. [scenario:${scenario}]` }],
    ...(runId ? { metadata: { user_id: runId } } : {}),
    ...more,
  };
}

/** The API's error body: the error, and the id of the request it answers. */
const errorBody = (type: string, message: string) => ({ type: 'error', error: { type, message }, request_id: expect.stringMatching(/^req_/) });

describe('model-sim through the Anthropic SDK', () => {
  let sim: SimulatorUnderTest;
  let baseURL: string;
  let client: Anthropic;

  const getJson = async (url: string): Promise<any> => (await fetch(`${baseURL}${url}`)).json();
  const postRaw = (url: string, body: unknown, headers: Record<string, string>): Promise<Response> =>
    fetch(`${baseURL}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    sim = await startSimulator(Object.values(EXTRA_SCENARIOS));
    baseURL = sim.url;
    client = new Anthropic({ baseURL, apiKey: 'sim', maxRetries: 0 });
  });
  afterAll(() => sim?.close());

  it('lists the bundled scenarios and those of SIM_SCENARIOS', async () => {
    const { names } = await getJson('/sim/scenarios');
    expect(names).toEqual(expect.arrayContaining([
      'demo', 'quick', 'echo-tool', 'long-tool', 'overloaded-then-ok', 'max-tokens', 'loop', 'bench-trivial',
      'rate-limited-then-ok', 'server-errors-exhausted', 'overloaded-mid-stream-then-ok',
      ...Object.keys(EXTRA_SCENARIOS),
    ]));
  });

  it('streams a tool_use whose input arrives in input_json_delta pieces and finalMessage assembles', async () => {
    const params = turn(randomUUID(), 'unicode-tool');
    const stream = client.messages.stream(params);
    const events: MessageStreamEvent[] = [];
    stream.on('streamEvent', (event) => events.push(event));
    const message = await stream.finalMessage();

    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'cofounder-sim', stop_reason: 'tool_use' });
    expect(message.id).toMatch(/^msg_/);
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Writing a note for turn 1.' });
    expect(message.content[1]).toMatchObject({ type: 'tool_use', name: 'write', input: NOTE_INPUT });
    expect((message.content[1] as Anthropic.ToolUseBlock).id).toMatch(/^toolu_/);
    expect(message.usage.input_tokens).toBe(countInputTokens(params));
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const jsonPieces = events.filter((e) => e.type === 'content_block_delta' && e.delta.type === 'input_json_delta');
    expect(jsonPieces.length).toBeGreaterThan(1);
  });

  it('answers without streaming with the same content, the run one turn further', async () => {
    const runId = randomUUID();
    await client.messages.stream(turn(runId, 'unicode-tool')).finalMessage();
    const message = await client.messages.create(turn(runId, 'unicode-tool'));
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Writing a note for turn 2.' });
    expect(message.content[1]).toMatchObject({ type: 'tool_use', input: NOTE_INPUT });
    expect(message.stop_reason).toBe('tool_use');
  });

  it('plays each run on its own and ends the turn past the last step', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const first = await client.messages.create(turn(a, 'quick'));
    expect(first.content[1]).toMatchObject({ type: 'tool_use', name: 'write', input: { path: 'hello.txt' } });
    expect((await client.messages.create(turn(b, 'quick'))).stop_reason).toBe('tool_use');
    const second = await client.messages.create(turn(a, 'quick'));
    expect(second).toMatchObject({ stop_reason: 'end_turn', content: [{ type: 'text', text: 'Done: I wrote hello.txt.' }] });
    const past = await client.messages.stream(turn(a, 'quick')).finalMessage();
    expect(past.stop_reason).toBe('end_turn');
    expect(past.content[0].type).toBe('text');
  });

  it('gives every call a new message id', async () => {
    const runId = randomUUID();
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) ids.add((await client.messages.create(turn(runId, 'loop'))).id);
    expect(ids.size).toBe(3);
  });

  it('puts the turn number into a repeating step', async () => {
    const runId = randomUUID();
    const commands: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const message = await client.messages.create(turn(runId, 'loop'));
      commands.push(message.content.find((b) => b.type === 'tool_use')?.input);
    }
    expect(commands).toEqual([{ command: 'echo 1' }, { command: 'echo 2' }, { command: 'echo 3' }]);
  });

  it('answers an overloaded step as the SDK\'s 529 error, twice, then the reply', async () => {
    const runId = randomUUID();
    const first = await rejectionOf(client.messages.create(turn(runId, 'overloaded-then-ok')));
    expect(first).toBeInstanceOf(Anthropic.InternalServerError);
    expect(first).toBeInstanceOf(Anthropic.OverloadedError);
    expect(first.status).toBe(529);
    expect(first.headers?.get('retry-after')).toBe('0');
    expect(first.error).toEqual(errorBody('overloaded_error', 'Overloaded'));
    expect((first.error as { request_id: string }).request_id).toBe(first.requestID);
    const second = await rejectionOf(client.messages.stream(turn(runId, 'overloaded-then-ok')).finalMessage());
    expect(second.status).toBe(529);
    const third = await client.messages.stream(turn(runId, 'overloaded-then-ok')).finalMessage();
    expect(third.stop_reason).toBe('end_turn');
  });

  it('lets the SDK retry an overloaded step by itself', async () => {
    const retrying = new Anthropic({ baseURL, apiKey: 'sim', maxRetries: 2 });
    const message = await retrying.messages.create(turn(randomUUID(), 'overloaded-then-ok'));
    expect(message.content[0]).toMatchObject({ text: 'Back on track: the model answered after being overloaded.' });
  });

  it('sends retry-after from the scenario on a 429', async () => {
    const err = await rejectionOf(client.messages.create(turn(randomUUID(), 'rate-limited')));
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect(err.headers?.get('retry-after')).toBe('30');
    expect(err.message).toContain('Slow down on turn 1');
  });

  it('sends retry-after and retry-after-ms on any status when the step sets them', async () => {
    const err = await rejectionOf(client.messages.create(turn(randomUUID(), 'unavailable-ms')));
    expect(err).toBeInstanceOf(Anthropic.ServiceUnavailableError);
    expect(err.headers?.get('retry-after')).toBe('2');
    expect(err.headers?.get('retry-after-ms')).toBe('1500');
  });

  it('sends no retry-after on a 500 whose step gives none', async () => {
    const err = await rejectionOf(client.messages.create(turn(randomUUID(), 'server-errors-exhausted')));
    expect(err.status).toBe(500);
    expect(err.headers?.get('retry-after')).toBeNull();
    expect(err.headers?.get('retry-after-ms')).toBe('100');
  });

  it('breaks a stream off with an error event after the first piece, as an overload mid-answer does', async () => {
    const runId = randomUUID();
    const stream = client.messages.stream(turn(runId, 'broken-stream'));
    const events: MessageStreamEvent[] = [];
    stream.on('streamEvent', (event) => events.push(event));
    const err = await rejectionOf(stream.finalMessage());
    // The SDK's shape for an error event: no HTTP status, the event's type.
    expect(err.status).toBeUndefined();
    expect(err.type).toBe('overloaded_error');
    expect(err.error).toEqual(errorBody('overloaded_error', 'Overloaded'));
    expect(events.map((e) => e.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);

    // Not streamed, the same step answers with the HTTP error.
    const plain = await rejectionOf(client.messages.create(turn(runId, 'broken-stream')));
    expect(plain.status).toBe(529);
    expect((await client.messages.stream(turn(runId, 'broken-stream')).finalMessage()).content[0]).toMatchObject({ text: 'Whole at last.' });

    const log = await getJson(`/sim/runs/${runId}/requests`);
    expect(log.requests.map((r: any) => [r.status, r.response.type])).toEqual([[200, 'error'], [529, 'error'], [200, 'message']]);
  });

  it('refuses a prompt over the context window as the real API does, without playing a step', async () => {
    const runId = randomUUID();
    const params = turn(runId, 'tiny-window');
    const err = await rejectionOf(client.messages.create(params));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.error).toEqual(errorBody('invalid_request_error', `prompt is too long: ${countInputTokens(params)} tokens > 50 maximum`));
    const short = await client.messages.create({ ...params, system: undefined, tools: undefined, messages: [{ role: 'user', content: '[scenario:tiny-window]' }] });
    expect(short.content[0]).toMatchObject({ text: 'hi' });
  });

  it('refuses an unknown scenario, naming it', async () => {
    const err = await rejectionOf(client.messages.stream(turn(randomUUID(), 'nope')).finalMessage());
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.error).toEqual(errorBody('invalid_request_error', 'unknown scenario "nope"'));
  });

  it('stops for max_tokens when the step says so', async () => {
    const message = await client.messages.stream(turn(randomUUID(), 'max-tokens')).finalMessage();
    expect(message.stop_reason).toBe('max_tokens');
  });

  it('reports the usage a step sets, never more output than max_tokens', async () => {
    const message = await client.messages.stream(turn(randomUUID(), 'usage-override', { max_tokens: 2000 })).finalMessage();
    expect(message.usage).toMatchObject({ input_tokens: 5, output_tokens: 1200, cache_read_input_tokens: 7, cache_creation_input_tokens: 0 });
    expect(message.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 });
    const capped = await client.messages.create(turn(randomUUID(), 'usage-override', { max_tokens: 1024 }));
    expect(capped.usage.output_tokens).toBe(1024);
  });

  it('counts tokens as usage does', async () => {
    const params = turn(randomUUID(), 'echo-tool');
    const { input_tokens } = await client.messages.countTokens({ model: params.model, system: params.system, tools: params.tools, messages: params.messages });
    expect(input_tokens).toBe(countInputTokens(params));
    expect((await client.messages.create(params)).usage.input_tokens).toBe(input_tokens);
  });

  it('advances nothing on compaction or count_tokens, and logs every call of the run', async () => {
    const runId = randomUUID();
    const goal = turn(runId, 'echo-tool');
    const first = await client.messages.create(goal);
    const toolUse = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    expect(toolUse?.input).toEqual({ command: 'echo hello-1' });
    const history: Anthropic.MessageParam[] = [
      ...goal.messages,
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: 'exit code: 0\nstdout:\nhello-1' }] },
    ];

    const compacted = await client.messages.stream({ ...goal, metadata: { user_id: `${runId}:compact` }, messages: history }).finalMessage();
    expect(compacted.stop_reason).toBe('end_turn');
    const summary = compacted.content[0].type === 'text' ? compacted.content[0].text : '';
    expect(summary).toContain('[scenario:echo-tool]');
    expect(summary).toContain('Tools used: bash ×1.');
    // count_tokens takes no metadata in the SDK's types; the simulator logs it under the run when sent anyway.
    await client.messages.countTokens({ model: goal.model, messages: history, metadata: { user_id: runId } } as Anthropic.MessageCountTokensParams);

    const next = await client.messages.create({ ...goal, messages: history });
    expect(next.content[0]).toMatchObject({ text: 'The command printed its greeting.' });

    const log = await getJson(`/sim/runs/${runId}/requests`);
    expect(log.runId).toBe(runId);
    expect(log.requests.map((r: any) => [r.kind, r.status])).toEqual([['turn', 200], ['compact', 200], ['count_tokens', 200], ['turn', 200]]);
    expect(log.requests[0].body).toMatchObject({ metadata: { user_id: runId }, messages: goal.messages });
    expect(log.requests[0].response.id).toBe(first.id);
    expect(log.requests[1].response.id).toBe(compacted.id);
    expect(new Date(log.requests[0].at).getTime()).not.toBeNaN();
  });

  it('logs errored calls with their error body', async () => {
    const runId = randomUUID();
    await rejectionOf(client.messages.create(turn(runId, 'overloaded-then-ok')));
    await rejectionOf(client.messages.create(turn(runId, 'overloaded-then-ok')));
    await client.messages.create(turn(runId, 'overloaded-then-ok'));
    const log = await getJson(`/sim/runs/${runId}/requests`);
    expect(log.requests.map((r: any) => r.status)).toEqual([529, 529, 200]);
    expect(log.requests[0].response).toEqual(errorBody('overloaded_error', 'Overloaded'));
  });

  it('answers an empty log for a run it never saw', async () => {
    expect(await getJson('/sim/runs/never-seen/requests')).toEqual({ runId: 'never-seen', requests: [] });
  });

  it('plays the first step for a call that names no run, and keeps no state for it', async () => {
    for (let i = 0; i < 2; i++) {
      const message = await client.messages.create(turn(undefined, 'quick'));
      expect(message.stop_reason).toBe('tool_use');
    }
  });

  it('refuses a malformed body in the API\'s error shape', async () => {
    const res = await postRaw('/v1/messages', {}, API_HEADERS);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(errorBody('invalid_request_error', 'model: Field required'));
  });

  it('serves /health and its call counter on /metrics', async () => {
    expect((await fetch(`${baseURL}/health`)).status).toBe(200);
    expect(await (await fetch(`${baseURL}/metrics`)).text()).toContain('cofounder_modelsim_calls_total{kind="turn",status="529"}');
  });
});

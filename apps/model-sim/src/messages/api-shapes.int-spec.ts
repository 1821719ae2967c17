import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, MessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { randomUUID } from 'node:crypto';
import { SimulatorUnderTest, startSimulator } from '../testing/simulator-under-test';
import { rejectionOf } from '../testing/rejection-of';

const NOTE = { path: 'notes/plan.md', content: 'A plan long enough to be cut half-way through its JSON.' };

/** Scenarios for the shapes the real API sends, compared with its recorded streams and error reference. */
const SCENARIOS = [
  { name: 'shapes-note', repeatLast: true, steps: [{ content: [{ type: 'text', text: 'Writing the plan.' }, { type: 'tool_use', name: 'write', input: NOTE }] }] },
  { name: 'shapes-bare-tool', steps: [{ content: [{ type: 'tool_use', name: 'ls', input: {} }] }] },
  { name: 'shapes-essay', repeatLast: true, steps: [{ content: [{ type: 'text', text: 'The answer is 42. END Anything after the stop word is never sent.' }] }] },
  { name: 'shapes-overloaded', steps: [{ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }] },
];

function turn(scenario: string, more: Partial<MessageCreateParamsNonStreaming> = {}): MessageCreateParamsNonStreaming {
  return {
    model: 'cofounder-sim',
    max_tokens: 1024,
    messages: [{ role: 'user', content: `Plan it. [scenario:${scenario}]` }],
    metadata: { user_id: randomUUID() },
    ...more,
  };
}

describe('model-sim answers in the real API\'s shapes', () => {
  let sim: SimulatorUnderTest;
  let client: Anthropic;

  beforeAll(async () => {
    sim = await startSimulator(SCENARIOS);
    client = new Anthropic({ baseURL: sim.url, apiKey: 'sim', maxRetries: 0 });
  });
  afterAll(() => sim?.close());

  const streamOf = async (params: MessageCreateParamsNonStreaming) => {
    const stream = client.messages.stream(params);
    const events: MessageStreamEvent[] = [];
    stream.on('streamEvent', (event) => events.push(event));
    return { message: await stream.finalMessage(), events };
  };
  const rawTypes = async (params: MessageCreateParamsNonStreaming): Promise<string[]> => {
    const res = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sim', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ ...params, stream: true }),
    });
    return [...(await res.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  };

  it('pings after the first block starts, and sends tool input from an empty piece on, by size', async () => {
    expect((await rawTypes(turn('shapes-note'))).slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    const { events } = await streamOf(turn('shapes-note'));
    const pieces = events.flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? [e.delta.partial_json] : []));
    expect(pieces[0]).toBe('');
    expect(pieces.length).toBeGreaterThan(3);
    expect(JSON.parse(pieces.join(''))).toEqual(NOTE);
  });

  it('sends a tool without arguments one empty piece, which the SDK reads as {}', async () => {
    const { message, events } = await streamOf(turn('shapes-bare-tool'));
    expect(events.filter((e) => e.type === 'content_block_delta')).toEqual([
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } },
    ]);
    expect(message.content[0]).toMatchObject({ type: 'tool_use', name: 'ls', input: {} });
  });

  it('cuts a text at max_tokens: 5 and never reports more output', async () => {
    const { message } = await streamOf(turn('shapes-essay', { max_tokens: 5 }));
    expect(message).toMatchObject({ stop_reason: 'max_tokens', content: [{ type: 'text', text: 'The answer is 42. EN' }] });
    expect(message.usage.output_tokens).toBe(5);
  });

  it('cuts a tool call inside its JSON, without a block stop; the SDK and the non-streaming answer agree', async () => {
    const params = turn('shapes-note', { max_tokens: 10 });
    const { message, events } = await streamOf(params);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(10);
    expect(events.filter((e) => e.type === 'content_block_stop')).toEqual([{ type: 'content_block_stop', index: 0 }]);
    const cut = message.content[1] as Anthropic.ToolUseBlock;
    expect(cut).toMatchObject({ type: 'tool_use', name: 'write' });
    expect(cut.input).not.toEqual(NOTE);
    const plain = await client.messages.create(params);
    expect(plain).toMatchObject({ stop_reason: 'max_tokens', content: [message.content[0], { type: 'tool_use', input: cut.input }] });
  });

  it('stops before a stop sequence and names it, streamed or not', async () => {
    const params = turn('shapes-essay', { stop_sequences: ['NEVER', 'END'] });
    for (const message of [(await streamOf(params)).message, await client.messages.create(params)]) {
      expect(message).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END', content: [{ type: 'text', text: 'The answer is 42. ' }] });
    }
  });

  it('answers an overload without retry-after unless the step asks, but says it may be retried', async () => {
    const err = await rejectionOf(client.messages.create(turn('shapes-overloaded')));
    expect(err.status).toBe(529);
    expect(err.headers?.get('retry-after')).toBeNull();
    expect(err.headers?.get('x-should-retry')).toBe('true');
    expect(err.requestID).toMatch(/^req_/);
    expect(err.error).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: err.requestID });
  });

  it('sends the rate-limit headers and a request id with an answer', async () => {
    const { response } = await client.messages.create(turn('shapes-note')).withResponse();
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(Number(response.headers.get('anthropic-ratelimit-requests-remaining'))).toBeGreaterThan(0);
    expect(response.headers.get('anthropic-ratelimit-tokens-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('refuses a call without an API key (401) or without anthropic-version (400), before reading it', async () => {
    const post = (headers: Record<string, string>) => fetch(`${sim.url}/v1/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(turn('shapes-note')),
    });
    const noKey = await post({ 'anthropic-version': '2023-06-01' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({
      type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' }, request_id: noKey.headers.get('request-id'),
    });
    const noVersion = await post({ authorization: 'Bearer sim' });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
    const counted = await fetch(`${sim.url}/v1/messages/count_tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(counted.status).toBe(401);
  });
});

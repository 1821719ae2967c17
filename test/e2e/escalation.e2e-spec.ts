import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';

describe('the run asks its founder, and goes on with the answer', () => {
  // A cap of 2 tool calls, so the cap is reached within a few turns; room past a turn's 8,192 tokens to ask a cut-off call again with.
  const system = new TestSystem({ config: { tiers: { dev: { toolCallCap: 2 } }, models: { 'cofounder-sim': { maxOutputTokens: 16384 } } } });
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:escalation-${Date.now()}`);
  });
  afterAll(() => system.stop());

  const events = (runId: string) => SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` });

  it('at the tool-call cap: asks, continues for more when told, and stops when told', async () => {
    const runId = await api.startRun(await api.createProject(), 'Loop forever [scenario:loop]');
    const sse = await events(runId);
    const first = await sse.until((m) => m.event === 'escalation.required', 'the cap escalation');
    expect(first.data).toMatchObject({ kind: 'tool_call_cap', options: ['continue', 'stop'] });

    const run = await api.call<{ status: string; toolCalls: number; escalation: { id: string; options: string[] } }>('GET', `/v1/runs/${runId}`);
    expect(run.body).toMatchObject({ status: 'awaiting_input', toolCalls: 2, escalation: { id: first.data.escalationId, options: ['continue', 'stop'] } });

    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'retry' })).status).toBe(409);
    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'dance' })).status).toBe(400);
    const other = new FounderApi(system.gatewayUrl, 'dev:someone-else');
    expect((await other.call('POST', `/v1/runs/${runId}/escalation`, { action: 'continue' })).status).toBe(404);

    expect(await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'continue' })).toEqual({ status: 202, body: { status: 'running' } });
    const second = await sse.until((m) => m.event === 'escalation.required' && m.data.escalationId !== first.data.escalationId, 'the cap again');
    expect((await api.call<{ toolCalls: number }>('GET', `/v1/runs/${runId}`)).body.toolCalls).toBe(4);

    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'stop' })).status).toBe(202);
    const cancelled = await sse.until((m) => m.event === 'run.status' && m.data.status === 'cancelled', 'cancelled');
    await sse.ended();
    expect(Number(cancelled.id)).toBeGreaterThan(Number(second.id));
    // The same answer again (its reply lost, say) is taken again; any other is refused.
    expect(await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'stop' })).toEqual({ status: 202, body: { status: 'cancelled' } });
    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'continue' })).status).toBe(409);
  });

  it('on a refusal: asks for guidance, and the model gets the founder\'s words', async () => {
    const runId = await api.startRun(await api.createProject(), 'Something dubious [scenario:refusal]');
    const sse = await events(runId);
    const asked = await sse.until((m) => m.event === 'escalation.required', 'the refusal escalation');
    expect(asked.data).toMatchObject({ kind: 'refusal', options: ['guide', 'stop'] });
    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'guide' })).status).toBe(400);
    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'guide', guidance: 'Write a greeting instead.' })).status).toBe(202);
    // The answer is an event of the run, for every founder's view, told before the run goes on.
    const answered = await sse.until((m) => m.event === 'escalation.answered', 'the answer');
    expect(answered.data).toMatchObject({ escalationId: asked.data.escalationId, action: 'guide', guidance: 'Write a greeting instead.' });
    const goingOn = await sse.until((m) => m.event === 'run.status' && m.data.status === 'running' && Number(m.id) > Number(asked.id), 'running again');
    expect(Number(goingOn.id)).toBeGreaterThan(Number(answered.id));
    await sse.until((m) => m.event === 'run.completed', 'run.completed');

    const log = { requests: await system.simRequests(runId) };
    const last = log.requests.filter((r) => r.kind === 'turn').at(-1)!.body.messages;
    expect(JSON.stringify(last.at(-1))).toContain('Write a greeting instead.');
    expect(last.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('on max_tokens: asks again for a cut-off tool call, and carries on a cut-off answer', async () => {
    const runId = await api.startRun(await api.createProject(), 'Take notes [scenario:cut-tool-call]');
    const sse = await events(runId);
    const done = await sse.until((m) => m.event === 'run.completed', 'run.completed');
    expect(done.data.summary).toBeDefined();
    const log = { requests: await system.simRequests(runId) };
    const turns = log.requests.filter((r) => r.kind === 'turn');
    expect(turns).toHaveLength(4);
    expect(turns[1].body.max_tokens).toBeGreaterThanOrEqual(turns[0].body.max_tokens);
    // The cut-off call was never run: the only tool result is for the complete one.
    expect(JSON.stringify(turns[2].body.messages)).toContain('Wrote');
    expect(turns[3].body.messages.at(-1)!.role).toBe('assistant');
  });
});

import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

describe('a run, end to end through the started services', () => {
  // A short heartbeat, so the test sees several while one tool runs for seconds.
  const system = new TestSystem({ config: { time: { heartbeatMs: 250 } } });
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:lifecycle-${Date.now()}`);
  });
  afterAll(() => system.stop());

  const events = (runId: string, query = '', headers: Record<string, string> = {}) =>
    SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events${query}`, { Authorization: `Bearer ${api.token}`, ...headers });

  it('goes from a goal to run.completed, streaming plain-language events over SSE', async () => {
    const projectId = await api.createProject('Slugs');
    const runId = await api.startRun(projectId, 'Write a greeting file [scenario:echo-tool]');
    const sse = await events(runId);
    expect(sse.status).toBe(200);
    expect(sse.headers?.get('content-type')).toContain('text/event-stream');
    expect(sse.headers?.get('cache-control')).toBe('no-cache');
    expect(sse.headers?.get('x-accel-buffering')).toBe('no');

    const done = await sse.until((m) => m.event === 'run.completed', 'run.completed');
    await sse.ended();
    expect(done.data).toMatchObject({ type: 'run.completed', runId });
    expect(typeof done.data.summary).toBe('string');

    const types = sse.messages.map((m) => m.event);
    expect(types[0]).toBe('run.status');
    // Activity comes as digests; the agent's words and each call only with ?verbose=true.
    expect(types).toContain('tools.batched');
    expect(types).not.toContain('agent.message');
    expect(types).not.toContain('tool.started');
    const batches = sse.messages.filter((m) => m.event === 'tools.batched').map((m) => m.data);
    expect(batches.flatMap((b) => b.tools as unknown[])).toEqual([{ tool: 'bash', summary: expect.stringContaining('echo hello'), ok: true }]);
    expect(batches.flatMap((b) => b.messages as string[]).length).toBeGreaterThan(0);

    const ids = sse.messages.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    const run = await api.call<Record<string, unknown>>('GET', `/v1/runs/${runId}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ id: runId, projectId, status: 'completed', reason: null, toolCalls: 1, model: 'cofounder-sim', escalation: null });
    // Billing consumes usage from its stream: the cost appears once the ledger has it.
    const cost = await waitFor(async () => {
      const r = await api.call<{ costMicrodollars: number }>('GET', `/v1/runs/${runId}`);
      return r.body.costMicrodollars > 0 ? r.body.costMicrodollars : undefined;
    }, 'the run\'s cost');
    expect(cost).toBeGreaterThan(0);
  });

  it('ran the tool in the sandbox and sent its result back to the model', async () => {
    const projectId = await api.createProject();
    const runId = await api.startRun(projectId, 'Say hello [scenario:echo-tool]');
    const sse = await events(runId, '?verbose=true');
    const completed = await sse.until((m) => m.event === 'tool.completed', 'tool.completed');
    expect(completed.data).toMatchObject({ tool: 'bash', ok: true, exitCode: 0 });
    expect(sse.messages.some((m) => m.event === 'tool.started')).toBe(true);
    await sse.until((m) => m.event === 'run.completed', 'run.completed');
    expect(sse.messages.some((m) => m.event === 'tools.batched')).toBe(false);

    const log = { requests: await system.simRequests(runId) };
    const turns = log.requests.filter((r) => r.kind === 'turn');
    expect(turns).toHaveLength(2);
    const lastMessages = turns[1].body.messages;
    const toolResult = JSON.stringify(lastMessages[lastMessages.length - 1]);
    expect(toolResult).toContain('tool_result');
    expect(toolResult).toContain('exit code: 0');
    expect(toolResult).toContain('hello-1');
  });

  it('replays after a cursor with no gap and no duplicate; Last-Event-ID wins over ?after=', async () => {
    const projectId = await api.createProject();
    const runId = await api.startRun(projectId, 'Say hello [scenario:echo-tool]');
    const full = await events(runId);
    await full.until((m) => m.event === 'run.completed', 'run.completed');
    const ids = full.messages.map((m) => m.id!);
    expect(ids.length).toBeGreaterThanOrEqual(4);

    const resumed = await events(runId, `?after=${ids[1]}`);
    await resumed.ended();
    expect(resumed.messages.map((m) => m.id)).toEqual(ids.slice(2));

    const byHeader = await events(runId, `?after=${ids[0]}`, { 'Last-Event-ID': ids[2] });
    await byHeader.ended();
    expect(byHeader.messages.map((m) => m.id)).toEqual(ids.slice(3));

    const pastTheEnd = await events(runId, `?after=${ids[ids.length - 1]}`);
    expect(pastTheEnd.status).toBe(204);
    await pastTheEnd.ended();
    expect(pastTheEnd.messages).toEqual([]);
  });

  it('completes on stop_sequence with the model\'s words as the summary', async () => {
    const runId = await api.startRun(await api.createProject(), 'Answer briefly [scenario:stop-sequence]');
    const sse = await events(runId);
    const done = await sse.until((m) => m.event === 'run.completed', 'run.completed');
    expect(done.data.summary).toBe('Here is the answer you asked for.');
  });

  it('carries on an answer cut off by max_tokens, sending the cut-off part back', async () => {
    const projectId = await api.createProject();
    const runId = await api.startRun(projectId, 'Write a long essay [scenario:max-tokens]');
    const sse = await events(runId);
    const done = await sse.until((m) => m.event === 'run.completed', 'run.completed');
    expect(String(done.data.summary)).toMatch(/whole plan/);
    const log = { requests: await system.simRequests(runId) };
    const second = log.requests.filter((r) => r.kind === 'turn')[1].body.messages;
    expect(second.at(-1)).toMatchObject({ role: 'assistant' });
    expect(JSON.stringify(second.at(-1))).toContain('First I will set up the project');
  });

  it('keeps the stream alive with comment heartbeats while a tool runs', async () => {
    const projectId = await api.createProject();
    const runId = await api.startRun(projectId, 'Do something slow [scenario:long-tool]');
    const sse = await events(runId, '?verbose=true');
    await sse.until((m) => m.event === 'tool.started', 'the slow tool to start');
    const before = sse.heartbeats;
    await sse.heartbeatsReach(before + 3);
    // The executor reports the tool alive while it runs; the founder's stream shows it with ?verbose.
    const progress = await sse.until((m) => m.event === 'tool.progress', 'tool.progress');
    expect(progress.data.elapsedMs).toBeGreaterThan(0);
    await sse.until((m) => m.event === 'run.completed', 'run.completed');
  });
});

import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

describe('an orchestrator killed mid-run', () => {
  const system = new TestSystem();
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:crash-${Date.now()}`);
  });
  afterAll(() => system.stop());

  it('is restarted and finishes the run from its checkpoint, repeating nothing', async () => {
    const projectId = await api.createProject('Crash');
    const runId = await api.startRun(projectId, 'Do something slow [scenario:long-tool]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${api.token}` });

    const started = await sse.until((m) => m.event === 'tool.started', 'the slow tool to start');
    await system.kill('orchestrator');
    await system.startService('orchestrator');

    await sse.until((m) => m.event === 'run.completed', 'run.completed after the restart', 90_000);
    await sse.ended();

    // No event twice: the same content (ignoring when it was published) never comes again, and ids never repeat.
    const keys = sse.messages.map((m) => JSON.stringify({ ...m.data, at: undefined }));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(sse.messages.map((m) => m.id)).size).toBe(sse.messages.length);

    // The cut-off tool kept running in the executor: the restarted orchestrator got its real result.
    const cutOff = sse.messages.find((m) => m.event === 'tool.completed' && m.data.toolUseId === started.data.toolUseId);
    expect(cutOff?.data).toMatchObject({ ok: true, exitCode: 0 });

    // No turn twice: the simulator saw exactly one call per scenario step.
    const log = { requests: await system.simRequests(runId) };
    const turns = log.requests.filter((r) => r.kind === 'turn');
    expect(turns).toHaveLength(3);

    // No tool_use without its tool_result in what the model was sent last.
    const history = turns[turns.length - 1].body.messages;
    const toolUses = history.flatMap((m) => (Array.isArray(m.content) ? m.content : []).filter((b) => b.type === 'tool_use').map((b) => b.id));
    const toolResults = history.flatMap((m) => (Array.isArray(m.content) ? m.content : []).filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id));
    expect(toolUses.length).toBeGreaterThan(0);
    expect(toolResults).toEqual(toolUses);
    expect(JSON.stringify(history)).toContain('stdout:\\ndone');
    expect(JSON.stringify(history)).not.toContain('interrupted');

    // No usage billed twice: the run's cost is exactly the sum over the simulator's responses.
    const price = { input: 3_000_000n, output: 15_000_000n };
    const expected = turns.reduce((sum, t) => {
      const u = t.response.usage!;
      return sum + (BigInt(u.input_tokens) * price.input + BigInt(u.output_tokens) * price.output + 999_999n) / 1_000_000n;
    }, 0n);
    const cost = await waitFor(async () => {
      const r = await api.call<{ costMicrodollars: number; status: string }>('GET', `/v1/runs/${runId}`);
      return r.body.costMicrodollars >= Number(expected) ? r.body : undefined;
    }, 'the full cost in the ledger');
    expect(cost.status).toBe('completed');
    expect(cost.costMicrodollars).toBe(Number(expected));
    sse.close();
  });

  it('stopped with SIGTERM mid-tool, finishes the step in hand before it exits', async () => {
    const projectId = await api.createProject('Graceful');
    const runId = await api.startRun(projectId, 'Do something slow [scenario:long-tool]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${api.token}` });
    const started = await sse.until((m) => m.event === 'tool.started', 'the slow tool to start');

    expect(await system.terminate('orchestrator')).toBe('SIGTERM');
    // The tool finished before the process left: its result is a real one, not "interrupted".
    const completed = await sse.until((m) => m.event === 'tool.completed' && m.data.toolUseId === started.data.toolUseId, 'the slow tool\'s result');
    expect(completed.data).toMatchObject({ ok: true, exitCode: 0 });

    await system.startService('orchestrator');
    await sse.until((m) => m.event === 'run.completed', 'run.completed after the restart', 90_000);
    const log = { requests: await system.simRequests(runId) };
    expect(JSON.stringify(log.requests.map((r) => r.body))).not.toContain('interrupted when the agent restarted');
    sse.close();
  });
});

import { spawnSync } from 'node:child_process';
import { setTimeout as outage } from 'node:timers/promises';
import { FounderApi } from '../support/founder-api';
import { SseClient, SseMessage } from '../support/sse-client';
import { SimRequest, TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

/** How long the executor stays down in the outage test. */
const OUTAGE_MS = 9_000;

/** Every tool_result the model was sent last, by tool_use id. */
function toolResults(requests: SimRequest[]): Map<string, string> {
  const last = requests.filter((r) => r.kind === 'turn').at(-1)!;
  const blocks = last.body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
  return new Map(blocks.filter((b) => b.type === 'tool_result').map((b) => [b.tool_use_id!, JSON.stringify(b.content)]));
}

/** Host processes whose command line holds `pattern` (pgrep would also see its own shell). */
function processesMatching(pattern: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.includes(pattern) && !line.includes('ps -eo'));
}

describe('a tool call is done once, and its result is never lost', () => {
  const system = new TestSystem();
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:once-${Date.now()}`);
  });
  afterAll(() => system.stop());

  async function start(goal: string): Promise<{ runId: string; sse: SseClient }> {
    const runId = await api.startRun(await api.createProject('Once'), goal);
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${api.token}` });
    return { runId, sse };
  }

  const completedOf = (started: SseMessage) => (m: SseMessage) => m.event === 'tool.completed' && m.data.toolUseId === started.data.toolUseId;

  it('killed orchestrator: the restarted one gets the command\'s real result, and the command ran once', async () => {
    const { runId, sse } = await start('Count the runs [scenario:tool-counts-its-runs]');
    const started = await sse.until((m) => m.event === 'tool.started', 'the command to start');
    // Progress from the executor: the command is running there now.
    await sse.until((m) => m.event === 'tool.progress' && m.data.toolUseId === started.data.toolUseId, 'the command to be running');
    await system.kill('orchestrator');
    await system.startService('orchestrator');

    const completed = await sse.until(completedOf(started), 'the command\'s result', 60_000);
    expect(completed.data).toMatchObject({ ok: true, exitCode: 0 });
    await sse.until((m) => m.event === 'run.completed', 'run.completed', 60_000);

    const result = toolResults(await system.simRequests(runId)).get(started.data.toolUseId as string);
    expect(result).toContain('runs: 1');
    expect(result).not.toContain('interrupted');
    const again = sse.messages.filter((m) => m.event === 'tool.started');
    expect(again).toHaveLength(1);
    sse.close();
  });

  it('killed executor: noticed within a few progress intervals, answered "interrupted", and the command\'s processes are gone', async () => {
    const { runId, sse } = await start('Run forever [scenario:endless-command]');
    const started = await sse.until((m) => m.event === 'tool.started', 'the command to start');
    await sse.until((m) => m.event === 'tool.progress' && m.data.toolUseId === started.data.toolUseId, 'the command to be running');
    expect(processesMatching('sleep 987654').length).toBeGreaterThan(0);

    const killedAt = Date.now();
    await system.kill('executor');
    // bubblewrap's --die-with-parent and its PID namespace: the sandbox goes with its executor.
    await waitFor(() => (processesMatching('sleep 987654').length === 0 ? true : undefined), 'the orphaned command to be gone', 5_000);
    await system.startService('executor');

    const completed = await sse.until(completedOf(started), 'the command\'s result', 60_000);
    const noticedMs = Date.now() - killedAt;
    expect(completed.data).toMatchObject({ ok: false });
    // Not the 135 s of the RPC timeout: the executor's restart plus a few progress intervals.
    expect(noticedMs).toBeLessThan(30_000);
    await sse.until((m) => m.event === 'run.completed', 'run.completed', 60_000);

    const result = toolResults(await system.simRequests(runId)).get(started.data.toolUseId as string);
    expect(result).toContain('This tool call was interrupted');
    expect(processesMatching('sleep 987654')).toEqual([]);
    console.log(JSON.stringify({ test: 'executor killed', noticedMs }));
    sse.close();
  });

  it('executor down for 9 s between tools: every command runs once it is back, none is called interrupted', async () => {
    const { runId, sse } = await start('Three commands [scenario:three-commands]');
    const first = await sse.until((m) => m.event === 'tool.completed', 'the first command\'s result');
    expect(first.data.ok).toBe(true);
    await system.kill('executor');
    const downAt = Date.now();
    // The next step has met the outage: it goes back to the queue until an executor answers.
    await waitFor(() => (system.logOf('orchestrator').includes('no executor answers; waiting for one') ? true : undefined), 'the orchestrator to wait for an executor');
    // The outage itself, longer than the delivery limit's backoff would allow (5 deliveries × 2 s ack wait
    // would be spent in about 9 s if the step were not kept alive): the fault this test injects, not a wait for a result.
    await outage(OUTAGE_MS - (Date.now() - downAt));
    await system.startService('executor');
    const backAt = Date.now();

    const done = await sse.until((m) => m.event === 'run.completed' || m.event === 'run.failed', 'the run to end', 90_000);
    expect(done.event).toBe('run.completed');
    const results = [...toolResults(await system.simRequests(runId)).values()];
    expect(results).toHaveLength(3);
    expect(results[0]).toContain('first-command-ran');
    expect(results[1]).toContain('second-command-ran');
    expect(results[2]).toContain('third-command-ran');
    expect(results.join('\n')).not.toContain('interrupted');
    const completed = sse.messages.filter((m) => m.event === 'tool.completed');
    expect(completed.map((m) => m.data.ok)).toEqual([true, true, true]);
    console.log(JSON.stringify({ test: 'executor down', downMs: backAt - downAt, doneAfterBackMs: Date.now() - backAt }));
    sse.close();
  });
});

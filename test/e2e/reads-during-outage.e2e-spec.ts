import path from 'node:path';
import { FounderApi, RunShown } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

/**
 * The founder's reads (a run, a project's runs) are the gateway's own: kept from the run's events,
 * they answer with the last known state while the orchestrator and billing are away, and catch up
 * when they return.
 */
describe('reads answer while the orchestrator and billing are down', () => {
  const system = new TestSystem({ scenarios: [path.join(__dirname, 'outage-scenarios')] });
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:reads-${Date.now()}`);
  });
  afterAll(() => system.stop());

  const events = (runId: string) => SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${api.token}` });
  const list = (projectId: string) => api.call<{ items: RunShown[] }>('GET', `/v1/projects/${projectId}/runs`);
  /** What billing's ledger says the project (one run each here) has cost. */
  const billed = async (projectId: string) => (await api.usage()).projects.find((p) => p.projectId === projectId)?.spentMicrodollars;

  it('shows the last known state, a run posted meanwhile as queued, and catches up after the restart', async () => {
    const first = await api.createProject('Before the outage');
    const runId = await api.startRun(first, 'Two commands [scenario:slow-turns]');
    const sse = await events(runId);
    await sse.until((m) => m.event === 'tool.completed', 'the first command');
    // The first call is settled and its cost announced before the services go.
    const before = await waitFor(async () => {
      const run = await api.run(runId);
      return run.toolCalls === 1 && run.costMicrodollars > 0 ? run : undefined;
    }, 'the first call counted and costed');

    await Promise.all([system.kill('orchestrator'), system.kill('billing')]);

    const shown = await api.call<RunShown>('GET', `/v1/runs/${runId}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      id: runId, projectId: first, status: 'running', reason: null, model: 'cofounder-sim', toolCalls: 1,
      costMicrodollars: before.costMicrodollars, sleepingUntil: null, escalation: null,
    });
    const listed = await list(first);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([shown.body]);

    const second = await api.createProject('During the outage');
    const queuedId = await api.startRun(second, 'Two commands [scenario:slow-turns]');
    expect(await api.run(queuedId)).toMatchObject({ id: queuedId, status: 'queued', model: null, toolCalls: 0, costMicrodollars: 0 });
    expect((await list(second)).body.items.map((r) => [r.id, r.status])).toEqual([[queuedId, 'queued']]);

    const brake = await api.brake(runId, 'pause');
    expect(brake).toEqual({ status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'The agent service is restarting; try again in a moment.' } });

    await Promise.all([system.startService('billing'), system.startService('orchestrator')]);

    for (const [id, projectId] of [[runId, first], [queuedId, second]]) {
      // The run's last events (run.completed after its status) may still be landing: wait for the
      // run, its list and billing to agree, then check what they agree on.
      const done = await waitFor(async () => {
        const run = await api.run(id);
        if (run.status !== 'completed') return undefined;
        const ledger = await billed(projectId);
        if (ledger === undefined || run.costMicrodollars !== ledger) return undefined;
        const listed = (await list(projectId)).body.items;
        return JSON.stringify(listed) === JSON.stringify([run]) ? run : undefined;
      }, `${id} completed, costed as billing has it, and listed as shown`, 60_000);
      expect(done).toMatchObject({ status: 'completed', reason: null, model: 'cofounder-sim', toolCalls: 2, escalation: null });
    }
    const metrics = await (await fetch(`${system.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/^cofounder_gateway_runs\{status="completed"\} 2$/m);
    expect(metrics).toMatch(/^cofounder_gateway_runs\{status="running"\} 0$/m);
    sse.close();
  });
});

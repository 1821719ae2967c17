import path from 'node:path';
import { FounderApi } from '../support/founder-api';
import { parseMetrics, Sample, samples, total } from '../support/prometheus-text';
import { SseClient } from '../support/sse-client';
import { SERVICES, ServiceName, TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

/** A turn call as the simulator logged it, with the thinking parts the shared SimRequest leaves out. */
interface ThinkingTurn {
  status: number;
  body: { thinking?: unknown; max_tokens: number; messages: { role: string; content: { type: string; id?: string }[] }[] };
  response: { content: { type: string; id?: string }[] };
}

/** What an operator sees: each service's /metrics moved by a short run, and the gateway's /docs. */
describe('operations: /metrics on every service, /docs on the gateway', () => {
  // The dev tier thinks: every run here asks for extended thinking, which a scenario without thinking blocks does not notice.
  const system = new TestSystem({ scenarios: [path.join(__dirname, 'operations-scenarios')], config: { tiers: { dev: { thinkingBudgetTokens: 1024 } } } });
  let api: FounderApi;

  const scrape = async (service: ServiceName): Promise<{ text: string; samples: Sample[] }> => {
    const res = await fetch(`http://127.0.0.1:${system.ports[service]}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    return { text, samples: parseMetrics(text) };
  };

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:operator-${Date.now()}`);
  });
  afterAll(() => system.stop());

  it('counts what a short run did: steps, tools, model calls, cost, runs by status and consumer backlogs', async () => {
    const runId = await api.startRun(await api.createProject('Counted'), 'Run one command and write one file [scenario:ops-bash-then-write]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` });
    await sse.until((m) => m.event === 'run.completed', 'run.completed');

    // Three turns (bash, write, the answer): each a step, each a model call. The last step is
    // timed once it returns, just after it announced the run's end.
    const orchestrator = await waitFor(async () => {
      const scraped = (await scrape('orchestrator')).samples;
      return total(scraped, 'cofounder_orchestrator_step_duration_seconds_count', { outcome: 'ok' }) >= 3 ? scraped : undefined;
    }, 'three steps timed on the orchestrator\'s /metrics');
    expect(total(orchestrator, 'cofounder_orchestrator_runs', { status: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(total(orchestrator, 'cofounder_orchestrator_step_duration_seconds_sum')).toBeGreaterThan(0);
    expect(total(orchestrator, 'cofounder_orchestrator_model_calls_total', { model: 'cofounder-sim', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(samples(orchestrator, 'cofounder_messaging_consumer_pending', { stream: 'RUNS', consumer: 'orchestrator-steps' })
      .map((s) => s.labels.state).sort()).toEqual(['unacked', 'undelivered']);

    const executor = (await scrape('executor')).samples;
    for (const tool of ['bash', 'write']) {
      expect(total(executor, 'cofounder_executor_tool_duration_seconds_count', { tool, outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    }

    // Billing takes usage from its stream: the cost is counted once the ledger has it.
    const billing = await waitFor(async () => {
      const scraped = (await scrape('billing')).samples;
      return total(scraped, 'cofounder_billing_cost_microdollars_total', { model: 'cofounder-sim' }) > 0 ? scraped : undefined;
    }, 'the run\'s cost on billing\'s /metrics');
    expect(samples(billing, 'cofounder_messaging_consumer_pending', { stream: 'USAGE', consumer: 'billing-usage' })).toHaveLength(2);
    expect(samples((await scrape('scheduler')).samples, 'cofounder_messaging_consumer_pending', { consumer: 'scheduler-run-status' })).toHaveLength(2);

    // No run id as a label, and nothing of the founder's, on any service's /metrics.
    for (const service of SERVICES) {
      const { text } = await scrape(service);
      expect(text).not.toContain(runId);
      expect(text).not.toContain(api.token);
    }
  });

  it('runs a thinking tier\'s run to completion, each turn\'s thinking sent back unchanged and never shown to the founder', async () => {
    const runId = await api.startRun(await api.createProject('Thought through'), 'Look, then write a note [scenario:ops-thinking]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${api.token}` });
    await sse.until((m) => m.event === 'run.completed', 'run.completed');

    const turns = (await system.simRequests(runId)).filter((r) => r.kind === 'turn') as unknown as ThinkingTurn[];
    expect(turns.map((t) => t.status)).toEqual([200, 200, 200]);
    for (const { body } of turns) {
      expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
      expect(body.max_tokens).toBeGreaterThan(1024);
    }
    // Each tool turn's reply comes back in the next request, starting with its thinking blocks exactly as the simulator sent them.
    for (const [i, { response }] of turns.slice(0, 2).entries()) {
      const sent = response.content.filter((b) => b.type === 'thinking' || b.type === 'redacted_thinking');
      expect(sent.length).toBeGreaterThan(0);
      const toolUseId = response.content.find((b) => b.type === 'tool_use')!.id;
      const returned = turns[i + 1].body.messages.find((m) => m.role === 'assistant' && m.content.some((b) => b.id === toolUseId));
      expect(returned?.content.slice(0, sent.length)).toEqual(sent);
    }
    expect(JSON.stringify(turns[2].body.messages)).toContain('PRIVATE-SIGNATURE-given-by-step');

    const shown = JSON.stringify(sse.messages);
    expect(shown).toContain('Looking at the folder first.');
    expect(shown).not.toMatch(/PRIVATE-|signature/);
  });

  it('serves the API\'s OpenAPI document and swagger-ui from the built gateway', async () => {
    const page = await fetch(`${system.gatewayUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const doc = (await (await fetch(`${system.gatewayUrl}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/projects', '/v1/runs/{runId}/events', '/v1/usage']));
  });
});

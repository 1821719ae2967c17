import path from 'node:path';
import { FounderApi } from '../support/founder-api';
import { parseMetrics, Sample, samples, total } from '../support/prometheus-text';
import { SseClient } from '../support/sse-client';
import { SERVICES, ServiceName, TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

/** What an operator sees: each service's /metrics moved by a short run, and the gateway's /docs. */
describe('operations: /metrics on every service, /docs on the gateway', () => {
  const system = new TestSystem({ scenarios: [path.join(__dirname, 'operations-scenarios')] });
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

  it('serves the API\'s OpenAPI document and swagger-ui from the built gateway', async () => {
    const page = await fetch(`${system.gatewayUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const doc = (await (await fetch(`${system.gatewayUrl}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/projects', '/v1/runs/{runId}/events', '/v1/usage']));
  });
});

import { randomUUID } from 'node:crypto';
import { NotFound, RunsGet } from '@cofounder/contracts';
import { NatsConnectionHolder, RpcClient } from '@cofounder/messaging';
import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { SERVICES, TestSystem } from '../support/system';

describe('the founder API guards its edges', () => {
  const system = new TestSystem();
  let alice: FounderApi;
  let bob: FounderApi;

  beforeAll(async () => {
    await system.start();
    alice = new FounderApi(system.gatewayUrl, `dev:alice-${Date.now()}`);
    bob = new FounderApi(system.gatewayUrl, `dev:bob-${Date.now()}`);
  });
  afterAll(() => system.stop());

  const expectErrorShape = (body: unknown, statusCode: number) => {
    expect(body).toEqual({ statusCode, error: expect.any(String), message: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at |\/work\/|node_modules|dist\//);
  };

  it('answers 401 without a token or with a bad one', async () => {
    const none = await fetch(`${system.gatewayUrl}/v1/projects`);
    expect(none.status).toBe(401);
    expectErrorShape(await none.json(), 401);
    const bad = await new FounderApi(system.gatewayUrl, 'not-a-token').call('GET', '/v1/projects');
    expect(bad.status).toBe(401);
  });

  it('lists only the caller\'s projects, newest first', async () => {
    const first = await alice.createProject('first');
    const second = await alice.createProject('second');
    await bob.createProject('bob\'s');
    const list = await alice.call<{ items: { id: string; name: string; createdAt: string }[] }>('GET', '/v1/projects');
    expect(list.status).toBe(200);
    expect(list.body.items.map((p) => p.id)).toEqual([second, first]);
  });

  it('validates bodies, naming the field', async () => {
    for (const name of ['', 'x'.repeat(201)]) {
      const res = await alice.call('POST', '/v1/projects', { name });
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 400);
      expect(String((res.body as { message: string }).message)).toMatch(/name/);
    }
    const notJson = await alice.call('POST', '/v1/projects', '{"name": ');
    expect(notJson.status).toBe(400);
    expectErrorShape(notJson.body, 400);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const res = await alice.call('POST', '/v1/projects', { name: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expectErrorShape(res.body, 413);
  });

  it('answers 404 for another founder\'s project and run, before looking at the body', async () => {
    const project = await alice.createProject('mine');
    const runId = await alice.startRun(project, 'Say hello [scenario:quick]');
    expect((await bob.call('POST', `/v1/projects/${project}/runs`, { goal: '' })).status).toBe(404);
    expect((await bob.call('POST', `/v1/projects/${project}/runs`, { goal: 'steal' })).status).toBe(404);
    const run = await bob.call('GET', `/v1/runs/${runId}`);
    expect(run.status).toBe(404);
    expectErrorShape(run.body, 404);
    expect((await bob.call('GET', `/v1/runs/${runId}/events`)).status).toBe(404);
    expect((await alice.call('GET', '/v1/runs/not-a-uuid')).status).toBe(404);
    expect((await alice.call('POST', `/v1/projects/${project}/runs`, { goal: 42 })).status).toBe(400);
  });

  it('answers a new run 202 queued', async () => {
    const project = await alice.createProject('queued');
    const res = await alice.call('POST', `/v1/projects/${project}/runs`, { goal: 'Say hello [scenario:quick]' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), projectId: project, status: 'queued' });
  });

  it('lists a project\'s runs newest first, each as GET /v1/runs/:runId shows it, to its founder only', async () => {
    const project = await alice.createProject('listed');
    const first = await alice.startRun(project, 'Say hello [scenario:quick]');
    const second = await alice.startRun(project, 'Say hello again [scenario:quick]');
    await alice.startRun(await alice.createProject('elsewhere'), 'Not in this project [scenario:quick]');
    const listed = await alice.call<{ items: { id: string }[] }>('GET', `/v1/projects/${project}/runs`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r) => r.id)).toEqual([second, first]);
    const shown = await alice.call<Record<string, unknown>>('GET', `/v1/runs/${first}`);
    expect(Object.keys(listed.body.items[1]).sort()).toEqual(Object.keys(shown.body).sort());
    expect(listed.body.items[1]).toMatchObject({ id: first, projectId: project, goal: 'Say hello [scenario:quick]' });
    expect((await bob.call('GET', `/v1/projects/${project}/runs`)).status).toBe(404);
    expect((await alice.call('GET', '/v1/projects/not-a-uuid/runs')).status).toBe(404);
    expect(await alice.call('GET', `/v1/projects/${await alice.createProject('empty')}/runs`)).toEqual({ status: 200, body: { items: [] } });
  });

  describe('a run exported with /scenario and replayed', () => {
    /** Waits for the run's terminal event on its stream. */
    const completed = async (runId: string) => {
      const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${alice.token}` });
      await sse.until((m) => m.event === 'run.completed', `run.completed of ${runId}`);
      await sse.ended();
    };
    /** The tool calls the simulator answered the run's turns with, in order: name and input (ids are the simulator's). */
    const toolCalls = async (runId: string) => (await system.simRequests(runId))
      .filter((r) => r.kind === 'turn' && r.status === 200)
      .flatMap((r) => (r.response as { content: { type: string; name?: string; input?: unknown }[] }).content)
      .filter((b) => b.type === 'tool_use')
      .map((b) => ({ name: b.name, input: b.input }));

    it('makes the same tool calls in the same order, and only its founder can export it', async () => {
      const project = await alice.createProject('replayed');
      const original = await alice.startRun(project, 'Keep a notes file [scenario:varied-tools]');
      await completed(original);

      expect((await bob.call('GET', `/v1/runs/${original}/scenario`)).status).toBe(404);
      const exported = await fetch(`${system.gatewayUrl}/v1/runs/${original}/scenario`, { headers: { Authorization: `Bearer ${alice.token}` } });
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="replay-${original}.json"`);
      const scenario = (await exported.json()) as { name: string };
      const loaded = await fetch(`${system.simUrl}/sim/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenario) });
      expect(await loaded.json()).toEqual({ name: `replay-${original}` });

      const replay = await alice.startRun(project, `Keep a notes file again [scenario:${scenario.name}]`);
      await completed(replay);
      const originalCalls = await toolCalls(original);
      expect(originalCalls.map((c) => c.name)).toEqual(['write', 'read', 'edit', 'bash']);
      expect(await toolCalls(replay)).toEqual(originalCalls);
      expect(await alice.run(replay)).toMatchObject({ status: 'completed', toolCalls: 4 });
    });
  });

  it('services answer RPC failures with their typed error, not a generic one', async () => {
    const nats = new NatsConnectionHolder();
    await nats.connect(system.natsUrl, 'e2e-rpc');
    try {
      await expect(new RpcClient(nats).request(RunsGet, { runId: randomUUID() })).rejects.toThrow(NotFound);
    } finally {
      await nats.onApplicationShutdown();
    }
  });

  it('every service answers /health and /metrics', async () => {
    for (const name of SERVICES) {
      const health = await fetch(`http://127.0.0.1:${system.ports[name]}/health`);
      expect({ name, status: health.status }).toEqual({ name, status: 200 });
      const metrics = await fetch(`http://127.0.0.1:${system.ports[name]}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('cofounder_process_');
    }
  });
});

import { SandboxSnapshot } from '@cofounder/contracts';
import { NatsConnectionHolder, RpcClient } from '@cofounder/messaging';
import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

describe('the founder\'s brakes: pause, resume, cancel', () => {
  const system = new TestSystem();
  const founder = `brakes-${Date.now()}`;
  let api: FounderApi;
  let rpc: RpcClient;
  let nats: NatsConnectionHolder;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:${founder}`);
    nats = new NatsConnectionHolder();
    await nats.connect(system.natsUrl, 'brakes-test');
    rpc = new RpcClient(nats);
  });
  afterAll(async () => {
    await nats?.onApplicationShutdown();
    await system.stop();
  });

  const events = (runId: string) => SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${api.token}` });
  const brake = (runId: string, action: 'pause' | 'resume' | 'cancel', who = api) => who.call<{ status: string }>('POST', `/v1/runs/${runId}/${action}`);
  /** The executor's word on the run's sandbox (a snapshot is not taken again while it is paused). */
  const sandboxStatus = async (runId: string) => (await rpc.request(SandboxSnapshot, { runId, ownerId: `dev_${founder}`, ifOlderThanMs: 3_600_000 })).status;

  it('pause finishes the turn in hand and pauses the sandbox; nothing is asked of the model until resume', async () => {
    const runId = await api.startRun(await api.createProject(), 'Keep working [scenario:steady-work]');
    const sse = await events(runId);
    await sse.until((m) => m.event === 'tool.completed', 'a first tool call');
    expect((await brake(runId, 'resume')).status).toBe(409);

    expect(await brake(runId, 'pause')).toEqual({ status: 202, body: { status: 'paused' } });
    await sse.until((m) => m.event === 'run.status' && m.data.status === 'paused', 'the paused status');
    expect((await api.call('GET', `/v1/runs/${runId}`)).body).toMatchObject({ status: 'paused', reason: 'Paused by you.' });
    await waitFor(async () => ((await sandboxStatus(runId)) === 'paused' ? true : undefined), 'the sandbox paused');
    const pausedAt = Date.now();
    expect((await brake(runId, 'pause')).status).toBe(409);

    const resumedAt = Date.now();
    expect(await brake(runId, 'resume')).toEqual({ status: 202, body: { status: 'running' } });
    const startedBefore = sse.messages.filter((m) => m.event === 'tool.started').length;
    await sse.until((m) => m.event === 'tool.started' && sse.messages.filter((x) => x.event === 'tool.started').length > startedBefore, 'work after the resume');
    const turns = (await system.simRequests(runId)).filter((r) => r.kind === 'turn').map((r) => Date.parse((r as unknown as { at: string }).at));
    expect(turns.filter((at) => at > pausedAt && at < resumedAt)).toEqual([]);
    expect(turns.some((at) => at > resumedAt)).toBe(true);

    expect(await brake(runId, 'cancel')).toEqual({ status: 202, body: { status: 'cancelled' } });
    await sse.until((m) => m.event === 'run.status' && m.data.status === 'cancelled', 'the cancelled status');
    await sse.ended();
    for (const action of ['pause', 'resume', 'cancel'] as const) expect((await brake(runId, action)).status).toBe(409);
    await waitFor(async () => ((await sandboxStatus(runId)) === 'killed' ? true : undefined), 'the cancelled run\'s sandbox released');
  });

  it('a run waiting for an answer cannot be paused but can be cancelled; an ended run refuses every brake', async () => {
    const asking = await api.startRun(await api.createProject(), 'Something dubious [scenario:refusal]');
    const sse = await events(asking);
    await sse.until((m) => m.event === 'escalation.required', 'the question');
    expect((await brake(asking, 'pause')).status).toBe(409);
    expect((await brake(asking, 'resume')).status).toBe(409);
    expect((await brake(asking, 'cancel')).body).toEqual({ status: 'cancelled' });
    expect((await api.call('POST', `/v1/runs/${asking}/escalation`, { action: 'stop' })).status).toBe(409);

    const done = await api.startRun(await api.createProject(), 'Say hello [scenario:quick]');
    await (await events(done)).until((m) => m.event === 'run.completed', 'run.completed');
    for (const action of ['pause', 'resume', 'cancel'] as const) expect((await brake(done, action)).status).toBe(409);
  });

  it('a paused run can be cancelled, and its sandbox is released; a failed run refuses every brake', async () => {
    const runId = await api.startRun(await api.createProject(), 'Keep working [scenario:steady-work]');
    const sse = await events(runId);
    await sse.until((m) => m.event === 'tool.completed', 'a first tool call');
    expect((await brake(runId, 'pause')).status).toBe(202);
    await sse.until((m) => m.event === 'run.status' && m.data.status === 'paused', 'the paused status');
    expect(await brake(runId, 'cancel')).toEqual({ status: 202, body: { status: 'cancelled' } });
    await sse.ended();
    await waitFor(async () => ((await sandboxStatus(runId)) === 'killed' ? true : undefined), 'the cancelled run\'s sandbox released');

    // The simulator knows no such scenario and answers 400: the call is refused and the run fails.
    const failed = await api.startRun(await api.createProject(), 'Nothing to play [scenario:no-such-scenario]');
    await (await events(failed)).until((m) => m.event === 'run.failed', 'run.failed');
    for (const action of ['pause', 'resume', 'cancel'] as const) expect((await brake(failed, action)).status).toBe(409);
  });

  it('a queued run (its start waiting for billing) cannot be paused or resumed, but is cancelled before it ever starts', async () => {
    // The start names the founder's tier, so with billing away it waits in RUNS, and the run stays queued.
    await system.kill('billing');
    try {
      const runId = await api.startRun(await api.createProject(), 'Say hello [scenario:quick]');
      expect((await brake(runId, 'pause')).status).toBe(409);
      expect((await brake(runId, 'resume')).status).toBe(409);
      expect(await brake(runId, 'cancel')).toEqual({ status: 202, body: { status: 'cancelled' } });
      await system.startService('billing');
      const sse = await events(runId);
      await sse.until((m) => m.event === 'run.status' && m.data.status === 'cancelled', 'the queued run cancelled');
      sse.close();
      // The start that waited found the run ended: it never ran, and the model was never asked.
      await waitFor(async () => ((await api.run(runId)).status === 'cancelled' ? true : undefined), 'GET shows it cancelled');
      expect(sse.messages.filter((m) => m.event === 'run.status').map((m) => m.data.status)).not.toContain('running');
      expect(await system.simRequests(runId)).toEqual([]);
      for (const action of ['pause', 'resume', 'cancel'] as const) expect((await brake(runId, action)).status).toBe(409);
    } finally {
      if (!(await fetch(`http://127.0.0.1:${system.ports.billing}/health`).then((r) => r.ok, () => false))) await system.startService('billing');
    }
  });

  it('another founder\'s run is not found, whatever the brake', async () => {
    const runId = await api.startRun(await api.createProject(), 'Say hello [scenario:quick]');
    const bob = new FounderApi(system.gatewayUrl, 'dev:bob-brakes');
    for (const action of ['pause', 'resume', 'cancel'] as const) expect((await brake(runId, action, bob)).status).toBe(404);
    expect((await brake('not-a-uuid', 'pause')).status).toBe(404);
  });
});

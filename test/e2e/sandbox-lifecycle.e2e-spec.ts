import { readdirSync, readFileSync, rmSync, statSync, lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { Conflict, NotFound, SandboxKill, SandboxPause, SandboxResume, SandboxSnapshot } from '@cofounder/contracts';
import { NatsConnectionHolder, RpcClient } from '@cofounder/messaging';
import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';

describe('a run\'s sandbox paused, wiped and resumed through the executor', () => {
  const system = new TestSystem();
  const founder = `sandbox-${Date.now()}`;
  let api: FounderApi;
  let nats: NatsConnectionHolder;
  let rpc: RpcClient;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:${founder}`);
    nats = new NatsConnectionHolder();
    await nats.connect(system.natsUrl, 'sandbox-lifecycle-test');
    rpc = new RpcClient(nats);
  });
  afterAll(async () => {
    await nats?.onApplicationShutdown();
    await system.stop();
  });

  it('comes back from its snapshot, the founder is told, and the run completes with its files', async () => {
    const runId = await api.startRun(await api.createProject(), 'Ship the plan [scenario:pause-and-restore]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` });
    // The scenario asks the founder after writing its files: the run waits while its sandbox is handled.
    await sse.until((m) => m.event === 'escalation.required', 'the question after the files were written');
    const run = { runId, ownerId: `dev_${founder}` };

    await expect(rpc.request(SandboxPause, { ...run, ownerId: 'dev_someone-else' })).rejects.toBeInstanceOf(NotFound);
    const paused = await rpc.request(SandboxPause, run, { timeoutMs: 30_000 });
    expect(paused).toMatchObject({ status: 'paused', restored: false, snapshot: { seq: expect.any(Number) } });
    // notes/plan.md, run.sh, data.bin, data.sum (the link is no file; the sentinel is never kept).
    expect(paused.snapshot!.files).toBe(4);
    // Pausing again is pausing once: the same snapshot.
    expect((await rpc.request(SandboxPause, run)).snapshot).toEqual(paused.snapshot);

    const workspace = path.join(system.sandboxesDir, runId);
    for (const entry of readdirSync(workspace)) rmSync(path.join(workspace, entry), { recursive: true, force: true });

    const resumed = await rpc.request(SandboxResume, run, { timeoutMs: 30_000 });
    expect(resumed).toMatchObject({ status: 'active', restored: true, snapshot: paused.snapshot });
    const told = await sse.until((m) => m.event === 'sandbox.restored', 'the founder told of the restore');
    expect(told.data.summary).toMatch(/restored from the snapshot taken at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(JSON.stringify(told.data)).not.toContain(system.sandboxesDir);

    expect(readFileSync(path.join(workspace, 'notes/plan.md'), 'utf8')).toBe('the plan: ship it\n');
    expect(statSync(path.join(workspace, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(lstatSync(path.join(workspace, 'plan-link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(workspace, 'plan-link'))).toBe('notes/plan.md');

    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'guide', guidance: 'Confirmed, go on.' })).status).toBe(202);
    await sse.until((m) => m.event === 'run.completed', 'run.completed');
    const results = JSON.stringify((await system.simRequests(runId)).at(-1)!.body.messages.at(-1));
    expect(results).toContain('the plan: ship it');
    expect(results).toContain('ran the script');
    expect(results).toContain('data.bin: OK');
  });

  it('a periodic snapshot is skipped while the last is recent; a killed sandbox refuses to resume', async () => {
    const runId = await api.startRun(await api.createProject(), 'Ship the plan [scenario:pause-and-restore]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` });
    await sse.until((m) => m.event === 'escalation.required', 'the question after the files were written');
    const run = { runId, ownerId: `dev_${founder}` };

    const first = await rpc.request(SandboxSnapshot, { ...run, reason: 'manual' }, { timeoutMs: 30_000 });
    const again = await rpc.request(SandboxSnapshot, { ...run, reason: 'turn', ifOlderThanMs: 600_000 }, { timeoutMs: 30_000 });
    expect(again.snapshot).toEqual(first.snapshot);
    const forced = await rpc.request(SandboxSnapshot, { ...run, reason: 'manual' }, { timeoutMs: 30_000 });
    expect(forced.snapshot!.seq).toBe(first.snapshot!.seq + 1);

    expect(await rpc.request(SandboxKill, run, { timeoutMs: 30_000 })).toMatchObject({ status: 'killed' });
    await expect(rpc.request(SandboxResume, run)).rejects.toBeInstanceOf(Conflict);
  });
});

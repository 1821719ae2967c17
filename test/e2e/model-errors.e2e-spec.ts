import path from 'node:path';
import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';

describe('the model\'s errors and limits, through the started services', () => {
  // Model calls are retried for 3 s here, not 10 minutes, so server errors of 4 s outlast them.
  const system = new TestSystem({
    scenarios: [path.join(__dirname, 'model-error-scenarios')],
    config: { limits: { modelBusyForMs: 3000, modelRetryBaseMs: 50, modelRetryMaxMs: 2000 } },
  });
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:model-errors-${Date.now()}`);
  });
  afterAll(() => system.stop());

  const run = async (goal: string) => {
    const runId = await api.startRun(await api.createProject(), goal);
    return { runId, sse: await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` }) };
  };
  const simLog = (runId: string) => system.simRequests(runId);
  const retriesCounted = async (reason: string) => {
    const text = await (await fetch(`http://127.0.0.1:${system.ports.orchestrator}/metrics`)).text();
    return Number(new RegExp(`cofounder_model_retries_total\\{reason="${reason}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  };

  it('waits out a 429 as its retry-after says, counts the retries, and completes', async () => {
    const before = await retriesCounted('rate_limited');
    const { runId, sse } = await run('Say hello [scenario:rate-limited-then-ok]');
    await sse.until((m) => m.event === 'run.completed', 'run.completed');
    expect((await simLog(runId)).map((r) => r.status)).toEqual([429, 429, 200]);
    expect(await retriesCounted('rate_limited')).toBe(before + 2);
  });

  it('retries an overload that breaks a stream half-way', async () => {
    const { runId, sse } = await run('Say hello [scenario:overloaded-mid-stream-then-ok]');
    await sse.until((m) => m.event === 'run.completed', 'run.completed');
    expect((await simLog(runId)).filter((r) => r.kind === 'turn')).toHaveLength(2);
  });

  it('asks the founder when 5xx outlast the busy time, and carries on when told to retry', async () => {
    const { runId, sse } = await run('Say hello [scenario:server-errors-for-seconds]');
    const asked = await sse.until((m) => m.event === 'escalation.required', 'the model_error escalation');
    const statuses = (await simLog(runId)).map((r) => r.status);
    expect(statuses.length).toBeGreaterThan(1);
    expect(statuses).toEqual(statuses.map(() => 500));
    expect(asked.data).toMatchObject({
      kind: 'model_error', options: ['retry', 'stop'], reason: expect.stringContaining(`${statuses.length} calls in a row failed over`),
    });
    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'retry' })).status).toBe(202);
    await sse.until((m) => m.event === 'run.completed', 'run.completed');
  });

  it('tries once more within the window a prompt too long states, its results cut to their share', async () => {
    const { runId, sse } = await run('Print the log [scenario:prompt-too-long]');
    await sse.until((m) => m.event === 'run.completed', 'run.completed');
    const log = await simLog(runId);
    const tooLong = log.findIndex((r) => r.status === 400);
    expect(tooLong).toBeGreaterThan(0);
    // The scenario's window is 5,000 tokens: each 9,000-character result is cut to an eighth of it, and it fits.
    expect(log.slice(tooLong + 1).map((r) => `${r.kind}:${r.status}`)).toEqual(['turn:200']);
    expect(JSON.stringify(log.at(-1)!.body.messages)).toMatch(/chars cut/);
  });

  it('learns a window smaller than configured from one refusal, and is not refused again', async () => {
    // The scenario's window is 30,000 tokens, the configuration says 200,000; each bash call prints ~29 KB.
    const { runId, sse } = await run('Print the build log [scenario:small-window]');
    const end = await sse.until((m) => m.event === 'run.completed' || m.event === 'run.failed', 'the run\'s end', 120_000);
    const log = await simLog(runId);
    expect({ end: end.event, refused: log.filter((r) => r.status === 400).length }).toEqual({ end: 'run.completed', refused: 1 });
    expect(log.filter((r) => r.kind === 'turn' && r.status === 200)).toHaveLength(13);
  });
});

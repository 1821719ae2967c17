import path from 'node:path';
import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';

// Minutes of waiting and little work: this file runs in its own jest process beside the other
// e2e files (scripts/test.js), so it adds its wait to the suite's wall time only once.
const OVERLOAD_MS = 180_000;
const BUSY_LINE = /^The model is busy; trying again at \d\d:\d\d:\d\d UTC\.$/;

describe('a model overloaded for minutes, through the started services', () => {
  // The bundled limits: retried for 10 minutes, backing off from 1 s to 30 s.
  const system = new TestSystem({ scenarios: [path.join(__dirname, 'overload-scenarios')] });
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:model-overload-${Date.now()}`);
  });
  afterAll(() => system.stop());

  it('rides out a 3-minute overload that says retry-after: 0, backing off and telling the founder, without asking them', async () => {
    const runId = await api.startRun(await api.createProject(), 'Say hello [scenario:overloaded-for-minutes]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` });

    const busy = await sse.until((m) => m.event === 'run.status' && BUSY_LINE.test(String(m.data.reason ?? '')), 'the busy line', 60_000);
    expect(busy.data).toMatchObject({ status: 'running' });
    await sse.until((m) => m.event === 'run.completed' || m.event === 'escalation.required', 'the run to end', OVERLOAD_MS + 100_000);
    expect(sse.messages.map((m) => m.event)).not.toContain('escalation.required');
    expect(sse.messages.map((m) => m.event)).toContain('run.completed');

    const calls = (await system.simRequests(runId)).filter((r) => r.kind === 'turn');
    const overloaded = calls.filter((r) => r.status === 529);
    expect(calls.map((r) => r.status)).toEqual([...overloaded.map(() => 529), 200]);
    const at = calls.map((r) => Date.parse(r.at));
    expect(at.at(-1)! - at[0]).toBeGreaterThanOrEqual(OVERLOAD_MS);
    // Backed off towards the 30 s cap: never a burst, a dozen calls or so rather than thousands.
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(700);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(20_000);
    expect(overloaded.length).toBeLessThanOrEqual(16);
  }, OVERLOAD_MS + 150_000);
});

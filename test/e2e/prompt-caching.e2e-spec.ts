import { cacheReadShare, inputTokensOf } from '../support/cache-share';
import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

const TOOL_CALLS = 200;

describe('prompt caching over a 200-turn run', () => {
  // The cap ends the run: it asks to go on after exactly TOOL_CALLS tool calls.
  const system = new TestSystem({ config: { tiers: { dev: { toolCallCap: TOOL_CALLS } } } });
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:caching-${Date.now()}`);
  });
  afterAll(() => system.stop());

  it('reads at least 85% of its input tokens from the cache, as the run view and the model\'s own usage both say', async () => {
    const runId = await api.startRun(await api.createProject(), 'Keep the build green [scenario:long-build]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` });
    await sse.until((m) => m.event === 'escalation.required', `the cap after ${TOOL_CALLS} tool calls`, 300_000);
    sse.close();

    const log = await system.simRequests(runId);
    expect(log.filter((r) => r.kind === 'turn')).toHaveLength(TOOL_CALLS + 1);
    const sent = inputTokensOf(log);
    expect(cacheReadShare(sent)).toBeGreaterThanOrEqual(0.85);

    // Billing announces each settle after the run moved on: the view catches up with the last call.
    const shown = await waitFor(async () => {
      const run = await api.run(runId);
      return run.cacheReadInputTokens === sent.cacheRead ? run : undefined;
    }, 'the run view to show every call\'s cache reads');
    expect(shown).toMatchObject({ inputTokens: sent.uncached, cacheCreationInputTokens: sent.cacheWrite, cacheReadInputTokens: sent.cacheRead });
    expect(shown.cacheReadShare).toBeCloseTo(cacheReadShare(sent), 6);
  });
});

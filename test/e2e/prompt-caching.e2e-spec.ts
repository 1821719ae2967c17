import { cacheReadShare } from '../support/cache-share';
import { FounderApi } from '../support/founder-api';
import { longBuildRun } from '../support/long-build-run';
import { TestSystem } from '../support/system';

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
    const { shown, log, sent } = await longBuildRun(system, api, 300_000);
    expect(log.filter((r) => r.kind === 'turn')).toHaveLength(TOOL_CALLS + 1);
    expect(cacheReadShare(sent)).toBeGreaterThanOrEqual(0.85);
    expect(shown).toMatchObject({ inputTokens: sent.uncached, cacheCreationInputTokens: sent.cacheWrite, cacheReadInputTokens: sent.cacheRead });
    expect(shown.cacheReadShare).toBeCloseTo(cacheReadShare(sent), 6);
  }, 300_000);
});

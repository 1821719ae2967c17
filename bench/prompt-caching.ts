import { cacheReadShare } from '../test/support/cache-share';
import { FounderApi } from '../test/support/founder-api';
import { LongBuildRun, longBuildRun } from '../test/support/long-build-run';
import { TestSystem } from '../test/support/system';
import { Figure } from './figure';

const TOOL_CALLS = Number(process.env.BENCH_CACHING_TOOL_CALLS ?? 200);

/** The reference run through the services, on a system whose configuration turns caching on or off. */
async function referenceRun(caching: boolean): Promise<LongBuildRun> {
  const system = await new TestSystem({ config: { tiers: { dev: { toolCallCap: TOOL_CALLS } }, caching: { enabled: caching } } }).start();
  try {
    return await longBuildRun(system, new FounderApi(system.gatewayUrl, `dev:bench-caching-${caching}`), 600_000);
  } finally {
    await system.stop();
  }
}

/**
 * What prompt caching saves: the same run of TOOL_CALLS turns with realistic tool outputs, its cost
 * from the ledger with caching on against caching off (goal: at most 0.3×), and its cache-read share.
 */
export async function promptCachingFigures(): Promise<Figure[]> {
  const uncached = await referenceRun(false);
  const cached = await referenceRun(true);
  const [on, off] = [cached.shown.costMicrodollars / 1e6, uncached.shown.costMicrodollars / 1e6];
  const share = cacheReadShare(cached.sent);
  return [
    { name: `run of ${TOOL_CALLS} turns, cost with prompt caching (off: baseline)`, unit: 'USD', value: on, baseline: off, ratio: on / off },
    { name: 'run with prompt caching, cache-read share of input', unit: '%', value: share * 100, baseline: 85, ratio: share / 0.85 },
  ];
}
